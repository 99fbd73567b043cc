using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Persistence;

namespace ProfileEngine.Users;

public static class UsersServiceCollectionExtensions
{
    /// <summary>
    /// ASP.NET Core Identity's user and role managers over the engine's database. Passwords need 12 characters and
    /// nothing else (length beats composition rules); a failed sign-in five times locks the account for 15 minutes.
    /// </summary>
    public static IdentityBuilder AddProfileEngineUsers(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services
            .AddIdentityCore<IdentityUser>(options =>
            {
                options.Password.RequiredLength = UserPasswords.MinimumLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.User.RequireUniqueEmail = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ProfileEngineDbContext>();
    }
}
