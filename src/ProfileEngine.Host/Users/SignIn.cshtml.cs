using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ProfileEngine.Host.Ui;

namespace ProfileEngine.Host.Users;

/// <summary>Password sign-in with Identity's cookie; five failures lock the account for a while.</summary>
public sealed class SignInModel(SignInManager<IdentityUser> signIn) : UiPage
{
    [BindProperty]
    public string UserName { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await signIn.PasswordSignInAsync(UserName.Trim(), Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/ui/profiles");
        }

        ModelState.AddModelError(nameof(UserName), result.IsLockedOut
            ? "Too many failed attempts: the account is locked for 15 minutes."
            : "The user name or the password is wrong.");
        return Page();
    }
}
