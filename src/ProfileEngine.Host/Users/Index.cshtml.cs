using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProfileEngine.Host.Ui;
using ProfileEngine.Users;

namespace ProfileEngine.Host.Users;

public sealed class UsersModel(ISender sender) : UiPage
{
    [BindProperty]
    public string UserName { get; set; } = "";

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public IReadOnlyList<string> Roles { get; set; } = [];

    public CreatedUser? Created { get; private set; }

    public IReadOnlyList<UserView> Users { get; private set; } = [];

    public async Task OnGetAsync() => Users = await sender.Send(new ListUsers(), HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostRolesAsync(string userName)
    {
        var changed = await sender.Send(new SetUserRoles(userName, Roles), HttpContext.RequestAborted);
        Notice($"{changed.UserName}: {(changed.Roles.Count == 0 ? "no roles" : string.Join(", ", changed.Roles))}.");
        return RedirectToPage();
    }

    /// <summary>Creates a user and stays on the page, which shows the generated password this once.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        Created = await sender.Send(new CreateUser(UserName, string.IsNullOrEmpty(Password) ? null : Password, Roles), HttpContext.RequestAborted);
        UserName = "";
        Roles = [];
        return await ShowAgainAsync();
    }

    protected internal override async Task<IActionResult> ShowAgainAsync()
    {
        await OnGetAsync();
        return Page();
    }
}
