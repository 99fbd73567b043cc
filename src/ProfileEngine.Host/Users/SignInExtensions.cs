using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using ProfileEngine.Messaging;
using ProfileEngine.Users;

namespace ProfileEngine.Host.Users;

/// <summary>
/// Sign-in: the web UI (everything under <c>/ui</c>) signs in with Identity's cookie and checks antiforgery on every
/// form; the REST API accepts only personal API tokens, so a browser's cookie can never be replayed against it.
/// </summary>
public static class SignInExtensions
{
    public const string UiPrefix = "/ui";
    private const string ChooseScheme = "cookie-or-token";

    public static IServiceCollection AddProfileEngineSignIn(this IServiceCollection services)
    {
        new IdentityBuilder(typeof(IdentityUser), typeof(IdentityRole), services).AddSignInManager();
        services.AddSingleton<BootstrapConsole>();
        services.AddHostedService<BootstrapAdminOnFirstRun>();
        services.AddAuthentication(ChooseScheme)
            .AddPolicyScheme(ChooseScheme, null, options => options.ForwardDefaultSelector = context =>
                IsUi(context.Request.Path) ? IdentityConstants.ApplicationScheme : ApiTokenAuthentication.SchemeName)
            .AddCookie(IdentityConstants.ApplicationScheme, options =>
            {
                options.LoginPath = $"{UiPrefix}/sign-in";
                options.LogoutPath = $"{UiPrefix}/sign-out";
                options.AccessDeniedPath = $"{UiPrefix}/denied";
                options.Cookie.Name = "ProfileEngine.SignIn";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = SecurityStampValidator.ValidatePrincipalAsync;
            })
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null);

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Read, policy => policy.RequireRole(EngineRoles.All))
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(EngineRoles.Admin))
            .AddPolicy(Policies.Operator, policy => policy.RequireRole(EngineRoles.Operator))
            .AddPolicy(Policies.Reviewer, policy => policy.RequireRole(EngineRoles.Reviewer))
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireRole(EngineRoles.All).Build());
        return services;
    }

    /// <summary>Authentication, authorization, and the signed-in user as the acting operator of the request's commands.</summary>
    public static WebApplication UseProfileEngineSignIn(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use((context, next) =>
        {
            if (context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name })
            {
                context.RequestServices.GetRequiredService<CurrentOperator>().Name = name;
            }

            return next(context);
        });
        return app;
    }

    public static bool IsUi(PathString path) => path == "/" || path.StartsWithSegments(UiPrefix, StringComparison.OrdinalIgnoreCase);
}
