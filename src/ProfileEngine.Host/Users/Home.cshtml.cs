using Microsoft.AspNetCore.Mvc;
using ProfileEngine.Host.Ui;

namespace ProfileEngine.Host.Users;

/// <summary>The root goes to the integration profiles (or to sign-in first).</summary>
public sealed class HomeModel : UiPage
{
    public IActionResult OnGet() => Redirect("/ui/profiles");
}
