using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace ProfileEngine.Users;

/// <summary>Generated passwords, role seeding and Identity's errors as request refusals.</summary>
public static class UserPasswords
{
    public const int MinimumLength = 12;

    /// <summary>24 URL-safe random characters (144 bits).</summary>
    public static string Generate() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');

    public static async Task EnsureRolesAsync(RoleManager<IdentityRole> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        foreach (var role in EngineRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), "Roles");
            }
        }
    }

    /// <summary>Throws when Identity refused; the message lists Identity's reasons (never the password).</summary>
    public static void Check(IdentityResult result, string field)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Succeeded)
        {
            throw new Messaging.RequestValidationException("Users", field, string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
