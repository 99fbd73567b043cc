using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProfileEngine.Host.Ui;
using ProfileEngine.Profiles;

namespace ProfileEngine.Host.Profiles;

/// <summary>Publish's confirmation: the page says what publishing does; only its button publishes.</summary>
public sealed class PublishModel(ISender sender) : UiPage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public bool Confirm { get; set; }

    public ProfileView? Profile { get; private set; }

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var published = await sender.Send(new PublishProfile(Id, Version, Confirm), HttpContext.RequestAborted);
        Notice($"{published.DisplayName} published: {string.Join(", ", published.ScheduledJobs.Select(j => j.Name))}.");
        return Redirect($"/ui/profiles/{Id}");
    }

    protected internal override Task<IActionResult> ShowAgainAsync() => ShowAsync();

    private async Task<IActionResult> ShowAsync()
    {
        Profile = await sender.Send(new GetProfile(Id), HttpContext.RequestAborted);
        return Page();
    }
}
