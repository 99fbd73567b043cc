using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProfileEngine.Host.Ui;
using ProfileEngine.Users;

namespace ProfileEngine.Host.Users;

/// <summary>The signed-in person's API tokens: create (the token is shown once), list, revoke.</summary>
public sealed class TokensModel(ISender sender) : UiPage
{
    [BindProperty]
    public string Name { get; set; } = "";

    [BindProperty]
    public int? ExpiresInDays { get; set; }

    public string? NewSecret { get; private set; }

    public IReadOnlyList<ApiTokenView> Tokens { get; private set; } = [];

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnPostCreateAsync() => AttemptAsync(
        async () =>
        {
            var created = await sender.Send(new CreateApiToken(User.Identity!.Name!, Name, ExpiresInDays), HttpContext.RequestAborted);
            NewSecret = created.Secret;
            await LoadAsync();
            return Page();
        },
        ShowAgainAsync);

    public Task<IActionResult> OnPostRevokeAsync(Guid id) => AttemptAsync(
        async () =>
        {
            var revoked = await sender.Send(new RevokeApiToken(User.Identity!.Name!, id), HttpContext.RequestAborted);
            Notice($"Token '{revoked.Name}' revoked.");
            return RedirectToPage();
        },
        ShowAgainAsync);

    private async Task<IActionResult> ShowAgainAsync()
    {
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync() => Tokens = await sender.Send(new ListApiTokens(User.Identity!.Name!), HttpContext.RequestAborted);
}
