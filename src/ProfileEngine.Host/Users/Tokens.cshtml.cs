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

    /// <summary>Creates a token and stays on the page, which shows its secret this once.</summary>
    public async Task<IActionResult> OnPostCreateAsync()
    {
        var created = await sender.Send(new CreateApiToken(User.Identity!.Name!, Name, ExpiresInDays), HttpContext.RequestAborted);
        NewSecret = created.Secret;
        return await ShowAgainAsync();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        var revoked = await sender.Send(new RevokeApiToken(User.Identity!.Name!, id), HttpContext.RequestAborted);
        Notice($"Token '{revoked.Name}' revoked.");
        return RedirectToPage();
    }

    protected internal override async Task<IActionResult> ShowAgainAsync()
    {
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync() => Tokens = await sender.Send(new ListApiTokens(User.Identity!.Name!), HttpContext.RequestAborted);
}
