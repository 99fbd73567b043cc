using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Connections;
using ProfileEngine.Persistence;
using ProfileEngine.Tests.Support;

namespace ProfileEngine.Tests.Connections;

/// <summary><c>ProfileEngine:DataProtection:CertificatePath</c>: the key ring's keys are encrypted with the certificate.</summary>
public sealed class KeyRingCertificateTests
{
    private const string Password = "pfx-password-for-tests";

    [Fact]
    public async Task With_a_certificate_the_key_files_hold_no_plain_key_and_a_restarted_engine_still_reads_its_secrets()
    {
        using var data = new TempDataFolder();
        WriteCertificate(data.File("keyring.pfx"));
        var settings = new Dictionary<string, string?>
        {
            ["ProfileEngine:WebexSimulator:Enabled"] = "false",
            [DataFolder.ConfigurationKey] = data.Path,
            [KeyRingCertificate.PathKey] = "keyring.pfx",
            [KeyRingCertificate.PasswordKey] = Password,
        };

        string protectedSecret;
        await using (var first = await TestHost.StartAsync(settings))
        {
            protectedSecret = first.App.Services.GetRequiredService<SecretProtector>().Protect("the-client-secret");
        }

        var keyFiles = Directory.GetFiles(data.File("keys"), "*.xml");
        Assert.NotEmpty(keyFiles);
        foreach (var file in keyFiles)
        {
            var xml = await File.ReadAllTextAsync(file);
            Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        }

        await using var second = await TestHost.StartAsync(settings);
        Assert.Equal("the-client-secret", second.App.Services.GetRequiredService<SecretProtector>().Unprotect(protectedSecret));
    }

    [Fact]
    public async Task A_wrong_password_stops_startup_naming_the_setting_but_not_the_password()
    {
        using var data = new TempDataFolder();
        WriteCertificate(data.File("keyring.pfx"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ProfileEngine:WebexSimulator:Enabled"] = "false",
            [DataFolder.ConfigurationKey] = data.Path,
            [KeyRingCertificate.PathKey] = "keyring.pfx",
            [KeyRingCertificate.PasswordKey] = "not-the-password",
        }));

        Assert.Contains(KeyRingCertificate.PasswordKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", error.Message, StringComparison.Ordinal);
    }

    private static void WriteCertificate(string path)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=ProfileEngine key ring (tests)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
    }
}
