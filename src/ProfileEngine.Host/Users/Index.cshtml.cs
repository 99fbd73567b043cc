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

    public Task<IActionResult> OnPostRolesAsync(string userName) => AttemptAsync(
        async () =>
        {
            var changed = await sender.Send(new SetUserRoles(userName, Roles), HttpContext.RequestAborted);
            Notice($"{changed.UserName}: {(changed.Roles.Count == 0 ? "no roles" : string.Join(", ", changed.Roles))}.");
            return RedirectToPage();
        },
        async () =>
        {
            await OnGetAsync();
            return Page();
        });

    public Task<IActionResult> OnPostAsync() => AttemptAsync(
        async () =>
        {
            Created = await sender.Send(new CreateUser(UserName, string.IsNullOrEmpty(Password) ? null : Password, Roles), HttpContext.RequestAborted);
            UserName = "";
            Roles = [];
            await OnGetAsync();
            return Page();
        },
        async () =>
        {
            await OnGetAsync();
            return Page();
        });
}
