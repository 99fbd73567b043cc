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

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
