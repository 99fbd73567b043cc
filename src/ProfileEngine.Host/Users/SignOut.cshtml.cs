using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ProfileEngine.Host.Ui;

namespace ProfileEngine.Host.Users;

public sealed class SignOutModel(SignInManager<IdentityUser> signIn) : UiPage
{
    public IActionResult OnGet() => Redirect("/ui/sign-in");

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return Redirect("/ui/sign-in");
    }
}
