using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace ProfileEngine.Connections;

/// <summary>
/// The optional certificate that encrypts the key ring at rest: <c>ProfileEngine:DataProtection:CertificatePath</c>
/// (a PKCS#12 file with its private key; relative to the data folder) and <c>CertificatePassword</c>.
/// </summary>
public static class KeyRingCertificate
{
    public const string Section = "ProfileEngine:DataProtection";
    public const string PathKey = Section + ":CertificatePath";
    public const string PasswordKey = Section + ":CertificatePassword";

    /// <returns>Null when no certificate is configured.</returns>
    /// <exception cref="InvalidOperationException">The file is missing, unreadable or has no private key; the message names the setting, never the password.</exception>
    public static X509Certificate2? Load(IConfiguration configuration, string dataFolder)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[PathKey];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        var path = Path.GetFullPath(configured, dataFolder);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{PathKey}: no certificate file at '{path}'.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[PasswordKey]);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"{PathKey}: '{path}' is not a PKCS#12 file this password opens ({e.Message}); check {PasswordKey}.", e);
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"{PathKey}: '{path}' has no private key; the engine needs it to read its keys back.");
        }

        return certificate;
    }
}
