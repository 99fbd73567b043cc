using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProfileEngine.Host.Ui;
using ProfileEngine.Profiles;

namespace ProfileEngine.Host.Profiles;

public sealed class ProfilesModel(ISender sender) : UiPage
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public IReadOnlyList<ProfileView> Profiles { get; private set; } = [];

    public async Task OnGetAsync()
    {
        ProfileStatus? filter = Enum.TryParse<ProfileStatus>(Status, ignoreCase: true, out var parsed) ? parsed : null;
        Profiles = await sender.Send(new ListProfiles(filter), HttpContext.RequestAborted);
    }
}
