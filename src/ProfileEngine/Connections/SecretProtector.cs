using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace ProfileEngine.Connections;

/// <summary>
/// Encrypts connection secrets (client secret, access and refresh tokens) with ASP.NET Core Data Protection, whose
/// key ring lives in <c>&lt;data folder&gt;/keys</c>.
/// </summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("ProfileEngine.Connections.Secrets.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    /// <exception cref="CredentialsUnreadableException">The key that encrypted it is not in this engine's key ring.</exception>
    public string Unprotect(string protectedSecret)
    {
        try
        {
            return _protector.Unprotect(protectedSecret);
        }
        catch (CryptographicException e)
        {
            throw new CredentialsUnreadableException(e);
        }
    }

    /// <summary>True when every given stored secret (nulls are skipped) can still be decrypted with this key ring.</summary>
    public bool CanUnprotect(params string?[] protectedSecrets)
    {
        ArgumentNullException.ThrowIfNull(protectedSecrets);
        foreach (var protectedSecret in protectedSecrets)
        {
            if (string.IsNullOrEmpty(protectedSecret))
            {
                continue;
            }

            try
            {
                _protector.Unprotect(protectedSecret);
            }
            catch (CryptographicException)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// A stored credential was encrypted with a key this engine's key ring does not have (the data folder's keys/ was
/// lost or replaced). The message says what to do; it never contains the protected value.
/// </summary>
public sealed class CredentialsUnreadableException(Exception innerException)
    : InvalidOperationException(Explanation, innerException)
{
    public const string Explanation =
        "The credentials were encrypted with a key ring this engine no longer has (data folder keys/ replaced?); enter the client secret and Connect again.";
}
