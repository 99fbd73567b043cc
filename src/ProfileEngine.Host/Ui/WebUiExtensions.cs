using ProfileEngine.Host.Users;

namespace ProfileEngine.Host.Ui;

/// <summary>
/// The web UI: server-rendered Razor Pages under <c>/ui</c>, kept beside the API of their feature (Profiles/,
/// Connections/, ...), plain HTML forms with antiforgery and no custom JavaScript. Every page needs a role (the
/// fallback policy); the ones below need a particular role, or none. A page whose actions need different roles
/// checks in each handler. What the engine refuses is shown on the page by <see cref="EngineProblemsPageFilter"/>.
/// </summary>
public static class WebUiExtensions
{
    public static IServiceCollection AddProfileEngineWebUi(this IServiceCollection services)
    {
        services.AddRazorPages(options =>
        {
            options.RootDirectory = "/";
            options.Conventions
                .AllowAnonymousToPage("/Users/SignIn")
                .AllowAnonymousToPage("/Users/SignOut")
                .AllowAnonymousToPage("/Users/Denied")
                .AuthorizePage("/Users/Index", Policies.Admin)
                .AuthorizePage("/Profiles/Publish", Policies.Operator)
                .AuthorizePage("/Connections/Callback", Policies.Operator);
        })
            .AddMvcOptions(options => options.Filters.Add<EngineProblemsPageFilter>())
            .AddApplicationPart(typeof(WebUiExtensions).Assembly); // also when the entry assembly is another (tests, CLI)
        return services;
    }

    public static WebApplication MapProfileEngineWebUi(this WebApplication app)
    {
        app.MapRazorPages();
        return app;
    }
}
