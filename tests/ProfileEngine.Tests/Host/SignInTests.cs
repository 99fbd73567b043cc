using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Host.Users;
using ProfileEngine.Persistence;
using ProfileEngine.Tests.Support;
using ProfileEngine.Users;

namespace ProfileEngine.Tests.Host;

/// <summary>The first run's admin, personal API tokens, and what a refused caller gets back.</summary>
public sealed partial class SignInTests
{
    private static readonly string[] UnknownRole = ["sam_boss"];
    private static readonly string[] ReviewerRole = [EngineRoles.Reviewer];
    private static readonly string[] AdminRole = [EngineRoles.Admin];

    [Fact]
    public async Task The_first_run_prints_a_generated_admin_password_once_on_the_console_and_never_in_the_log()
    {
        using var data = new TempDataFolder();
        using var firstConsole = new StringWriter();
        string password;
        await using (var first = await StartAsync(data, firstConsole))
        {
            password = PrintedPassword().Match(firstConsole.ToString()).Groups["password"].Value;
            Assert.True(password.Length >= UserPasswords.MinimumLength, firstConsole.ToString());
            Assert.DoesNotContain(password, string.Join("\n", first.Logs.Lines), StringComparison.Ordinal);
            await using var scope = first.App.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var admin = await users.FindByNameAsync("admin");
            Assert.True(await users.CheckPasswordAsync(admin!, password));
            Assert.Equal(EngineRoles.All.Order(), (await users.GetRolesAsync(admin!)).Order());
        }

        using var secondConsole = new StringWriter();
        await using var second = await StartAsync(data, secondConsole);
        Assert.Equal("", secondConsole.ToString());

        using var otherData = new TempDataFolder();
        using var otherConsole = new StringWriter();
        await using var other = await StartAsync(otherData, otherConsole);
        Assert.NotEqual(password, PrintedPassword().Match(otherConsole.ToString()).Groups["password"].Value);
    }

    [Fact]
    public async Task A_personal_token_is_shown_once_works_until_revoked_and_is_stored_only_as_a_hash()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });
        using var reader = host.CreateClient(await host.TokenForAsync([EngineRoles.ReadOnly], "rita"));

        using var created = await reader.PostAsJsonAsync(new Uri("me/tokens", UriKind.Relative), new { name = "laptop", expiresInDays = 30 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonObject>();
        var secret = body!["secret"]!.GetValue<string>();
        var id = body["token"]!["id"]!.GetValue<Guid>();
        using var withNew = host.CreateClient(secret);
        var me = await withNew.GetFromJsonAsync<JsonObject>(new Uri("me", UriKind.Relative));
        var listed = await withNew.GetStringAsync(new Uri("me/tokens", UriKind.Relative));
        var rows = await DatabaseDump.AllRowsAsync(host.Data.File(PersistenceServiceCollectionExtensions.DatabaseFileName));
        using var revoked = await withNew.DeleteAsync(new Uri($"me/tokens/{id}", UriKind.Relative));
        using var afterRevoke = await withNew.GetAsync(new Uri("me", UriKind.Relative));
        using var forbidden = await reader.PostAsJsonAsync(new Uri("profiles", UriKind.Relative), new { displayName = "X" });

        Assert.Equal("rita", me!["userName"]!.GetValue<string>());
        Assert.Equal([EngineRoles.ReadOnly], me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Contains("laptop", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, rows, StringComparison.Ordinal);
        Assert.Contains(ApiToken.HashOf(secret), rows, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        Assert.Equal("application/problem+json", afterRevoke.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("rita does not hold the role", await forbidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_a_user_with_a_short_password_or_an_unknown_role_names_the_fields()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });
        using var admin = host.CreateClient();

        using var refused = await admin.PostAsJsonAsync(new Uri("users", UriKind.Relative), new { userName = "sam", password = "short", roles = UnknownRole });
        using var made = await admin.PostAsJsonAsync(new Uri("users", UriKind.Relative), new { userName = "sam", password = "correct horse battery", roles = ReviewerRole });
        var listed = await admin.GetStringAsync(new Uri("users", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains("at least 12 characters", problem!["errors"]!["Password"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("'sam_boss' is not a role", problem["errors"]!["Roles"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        Assert.DoesNotContain("correct horse", await made.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("\"userName\":\"sam\",\"roles\":[\"sam_reviewer\"]", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roles_an_admin_changes_apply_to_tokens_at_once_and_the_last_admin_keeps_the_role()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });
        using var admin = host.CreateClient();
        using var rita = host.CreateClient(await host.TokenForAsync([EngineRoles.ReadOnly], "rita"));
        var adminName = (await admin.GetFromJsonAsync<JsonObject>(new Uri("me", UriKind.Relative)))!["userName"]!.GetValue<string>();

        using var before = await rita.PostAsJsonAsync(new Uri("profiles", UriKind.Relative), new { displayName = "Acme" });
        using var promoted = await admin.PutAsJsonAsync(new Uri("users/rita/roles", UriKind.Relative), new { roles = AdminRole });
        using var after = await rita.PostAsJsonAsync(new Uri("profiles", UriKind.Relative), new { displayName = "Acme" });
        using var demoted = await admin.PutAsJsonAsync(new Uri($"users/{adminName}/roles", UriKind.Relative), new { roles = ReviewerRole });
        using var lastAdmin = await rita.PutAsJsonAsync(new Uri("users/rita/roles", UriKind.Relative), new { roles = ReviewerRole });
        var listed = await rita.GetStringAsync(new Uri("users", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        Assert.Equal(HttpStatusCode.OK, demoted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, lastAdmin.StatusCode);
        var problem = await lastAdmin.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains("rita is the only sam_admin", problem!["errors"]!["Roles"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("\"userName\":\"rita\",\"roles\":[\"sam_admin\"]", listed, StringComparison.Ordinal);
        Assert.Contains($"\"userName\":\"{adminName}\",\"roles\":[\"sam_reviewer\"]", listed, StringComparison.Ordinal);
    }

    private static Task<TestHost> StartAsync(TempDataFolder data, StringWriter console) =>
        TestHost.StartAsync(
            new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false", ["ProfileEngine:DataFolder"] = data.Path, ["Users:BootstrapAdmin"] = "true" },
            services => services.AddSingleton(new BootstrapConsole { Out = console }));

    [GeneratedRegex(@"shown only this once:\s+(?<password>\S+)")]
    private static partial Regex PrintedPassword();
}
