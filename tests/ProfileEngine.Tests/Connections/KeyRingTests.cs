using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex.Connections;
using ProfileEngine.Persistence;
using ProfileEngine.Tests.Support;
using ProfileEngine.Connectors.Webex;

namespace ProfileEngine.Tests.Connections;

/// <summary>The Data Protection key ring: owner-only on disk, and a lost one gives a clear message instead of a 500.</summary>
public sealed class KeyRingTests
{
    private const string Alias = WebexAliases.SubscriptionActivityReclaim;
    private const string ClientSecret = "client-secret-of-the-first-ring";

    [Fact]
    public async Task The_keys_folder_is_0700_and_each_key_file_0600()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });
        // Protecting a secret makes sure the ring has a key on disk.
        host.App.Services.GetRequiredService<SecretProtector>().Protect("anything");

        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only; Windows keeps the folder's inherited ACL.
        }

        var keys = host.Data.File("keys");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys));
        var files = Directory.GetFiles(keys, "*.xml");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task Credentials_of_another_key_ring_show_as_needing_Connect_again_and_the_client_secret_recovers_it()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });
        using var http = host.CreateClient();
        var details = new { baseUrl = "https://webexapis.com", clientId = "client-id", clientSecret = ClientSecret, redirectUri = "http://127.0.0.1:5999/connections/oauth/callback" };
        using (var set = await http.PutAsJsonAsync(new Uri($"connections/{Alias}", UriKind.Relative), details))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        // As if keys/ had been replaced: the stored secrets were encrypted with a key this engine does not have.
        var foreign = new EphemeralDataProtectionProvider().CreateProtector("ProfileEngine.Connections.Secrets.v1");
        var foreignSecret = foreign.Protect(ClientSecret);
        var foreignAccess = foreign.Protect("access-token");
        var foreignRefresh = foreign.Protect("refresh-token");
        await using (var db = await host.App.Services.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>().CreateDbContextAsync())
        {
            await db.Connections.ExecuteUpdateAsync(c => c
                .SetProperty(x => x.ProtectedClientSecret, foreignSecret)
                .SetProperty(x => x.ProtectedAccessToken, foreignAccess)
                .SetProperty(x => x.ProtectedRefreshToken, foreignRefresh)
                .SetProperty(x => x.Status, ConnectionStatus.Connected));
        }

        using var status = await http.GetAsync(new Uri($"connections/{Alias}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        var body = await status.Content.ReadAsStringAsync();
        var view = JsonNode.Parse(body)!;
        Assert.Equal("NotConnected", (string?)view["status"]);
        Assert.Contains("key ring this engine no longer has", (string?)view["problem"], StringComparison.Ordinal);
        Assert.DoesNotContain(foreignSecret, body, StringComparison.Ordinal);

        // Jobs and validation get the same message instead of a CryptographicException.
        var clientError = await Assert.ThrowsAsync<CredentialsUnreadableException>(
            () => host.App.Services.GetRequiredService<ConnectedWebexClients>().CreateAsync(Alias, CancellationToken.None));
        Assert.Contains("enter the client secret and Connect again", clientError.Message, StringComparison.Ordinal);

        // Keeping the stored secret is refused with the message; entering it again clears the problem.
        using (var keep = await http.PutAsJsonAsync(new Uri($"connections/{Alias}", UriKind.Relative), new { details.baseUrl, details.clientId, details.redirectUri }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, keep.StatusCode);
            Assert.Contains("key ring this engine no longer has", await keep.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var again = await http.PutAsJsonAsync(new Uri($"connections/{Alias}", UriKind.Relative), details);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var recovered = JsonNode.Parse(await again.Content.ReadAsStringAsync())!;
        Assert.Null((string?)recovered["problem"]);
        Assert.Equal("NotConnected", (string?)recovered["status"]);
        await using var check = await host.App.Services.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>().CreateDbContextAsync();
        var stored = await check.Connections.SingleAsync();
        Assert.Equal(ClientSecret, host.App.Services.GetRequiredService<SecretProtector>().Unprotect(stored.ProtectedClientSecret));
        Assert.Null(stored.ProtectedRefreshToken);
    }
}
