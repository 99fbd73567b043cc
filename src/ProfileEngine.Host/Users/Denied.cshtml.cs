using ProfileEngine.Host.Ui;

namespace ProfileEngine.Host.Users;

public sealed class DeniedModel : UiPage
{
    public void OnGet()
    {
    }
}
