using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Messaging;
using ProfileEngine.Profiles;
using ProfileEngine.Tests.Connections;
using ProfileEngine.Tests.Support;
using ProfileEngine.Connectors.Webex.Connections;

namespace ProfileEngine.Tests.Profiles;

/// <summary>Validate Connection against the Webex simulator over loopback, and what Publish makes of its result.</summary>
public sealed class ValidateConnectionTests
{
    [Fact]
    public async Task A_connected_profile_passes_the_download_and_activity_checks_and_the_result_is_stored()
    {
        await using var org = await ConnectedOrg.StartAsync();
        await org.ConnectAsync();
        var profile = await org.Engine.SendAsync(s => s.Send(new CreateProfile("Acme")));

        var validated = await org.Engine.SendAsync(s => s.Send(new ValidateProfileConnection(profile.Id)), operatorName: "olivia");

        var result = validated.LastValidation!;
        Assert.True(result.Passed, Describe(result.Checks));
        Assert.True(result.IsCurrent);
        Assert.Equal("olivia", result.ValidatedBy);
        Assert.Equal(
            [
                "Connection: Allowed vendor host", "Connection: Token works",
                "Download: Scope spark-admin:licenses_read", "Download: Scope spark-admin:people_read",
                "Activity: Scope spark-compliance:events_read", "Activity: Scope meeting:admin_schedule_read",
                "Download: Licenses readable", "Download: People readable",
                "Activity: Compliance events readable (Compliance Officer)", "Activity: Meeting usage reports readable",
            ],
            result.Checks.Select(c => $"{c.Process}: {c.Name}"));
        Assert.Contains(org.Sim.Org.OrgId, result.Checks[1].Message, StringComparison.Ordinal);
        Assert.Equal(2, validated.Version);

        // Stored on the profile: a later read shows the same result.
        var read = await org.Engine.SendAsync(s => s.Send(new GetProfile(profile.Id)));
        Assert.Equal(result.Checks, read.LastValidation!.Checks);
        var audit = await org.Engine.QueryDbAsync(db => db.AuditEntries.Where(a => a.Action == nameof(ValidateProfileConnection)).ToListAsync());
        Assert.Equal(nameof(IntegrationProfile), Assert.Single(audit).EntityType);
    }

    [Fact]
    public async Task Without_download_activity_no_activity_check_runs()
    {
        await using var org = await ConnectedOrg.StartAsync();
        await org.ConnectAsync(WebexAliases.SubscriptionReclaim);
        var profile = await org.Engine.SendAsync(s => s.Send(new CreateProfile("Acme", DownloadActivity: false)));

        var validated = await org.Engine.SendAsync(s => s.Send(new ValidateProfileConnection(profile.Id)));

        Assert.True(validated.LastValidation!.Passed, Describe(validated.LastValidation.Checks));
        Assert.DoesNotContain(validated.LastValidation.Checks, c => c.Process == "Activity");
    }

    [Fact]
    public async Task Reclaim_is_never_checked_so_a_consent_without_people_write_still_validates()
    {
        await using var org = await ConnectedOrg.StartAsync();
        await org.ConnectAsync(grant: scopes => Without(scopes, WebexScopes.PeopleWrite));
        var profile = await org.Engine.SendAsync(s => s.Send(new CreateProfile("Acme", ReclaimSubscriptions: true)));

        var validated = await org.Engine.SendAsync(s => s.Send(new ValidateProfileConnection(profile.Id)));

        Assert.True(validated.LastValidation!.Passed, Describe(validated.LastValidation.Checks));
        Assert.DoesNotContain(validated.LastValidation.Checks, c => c.Name.Contains(WebexScopes.PeopleWrite, StringComparison.Ordinal) || c.Process == "Reclaim");
    }

    [Fact]
    public async Task Without_a_Compliance_Officer_the_compliance_check_fails_with_what_Webex_said()
    {
        await using var org = await ConnectedOrg.StartAsync();
        await org.ConnectAsync(admin: "1");
        var profile = await org.Engine.SendAsync(s => s.Send(new CreateProfile("Acme")));

        var validated = await org.Engine.SendAsync(s => s.Send(new ValidateProfileConnection(profile.Id)));

        Assert.False(validated.LastValidation!.Passed);
        var failed = Assert.Single(validated.LastValidation.Checks, c => !c.Passed);
        Assert.Equal("Compliance events readable (Compliance Officer)", failed.Name);
        Assert.Contains("403", failed.Message, StringComparison.Ordinal);
        Assert.Contains("missing required scopes or the user is missing required roles", failed.Message, StringComparison.Ordinal);
        Assert.Contains(WebexScopes.ComplianceEventsRead + " and a Compliance Officer admin", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_consent_that_left_out_the_compliance_scope_fails_naming_the_scope()
    {
        await using var org = await ConnectedOrg.StartAsync();
        await org.ConnectAsync(grant: scopes => Without(scopes, WebexScopes.ComplianceEventsRead));
        var profile = await org.Engine.SendAsync(s => s.Send(new CreateProfile("Acme")));

        var validated = await org.Engine.SendAsync(s => s.Send(new ValidateProfileConnection(profile.Id)));

        var failed = Assert.Single(validated.LastValidation!.Checks, c => !c.Passed);
        Assert.Equal("Activity", failed.Process);
        Assert.Contains($"This call needs the scope {WebexScopes.ComplianceEventsRead}", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_profile_whose_alias_has_no_connection_fails_with_a_clear_message()
    {
        await using var org = await ConnectedOrg.StartAsync();
        var profile = await org.Engine.SendAsync(s => s.Send(new CreateProfile("Acme")));

        var validated = await org.Engine.SendAsync(s => s.Send(new ValidateProfileConnection(profile.Id)));

        Assert.False(validated.LastValidation!.Passed);
        Assert.All(validated.LastValidation.Checks, c => Assert.False(c.Passed));
        var token = Assert.Single(validated.LastValidation.Checks, c => c.Name == "Token works");
        Assert.Equal($"The alias '{WebexAliases.SubscriptionActivityReclaim}' has no connection; set its details and run Connect.", token.Message);
    }

    [Fact]
    public async Task A_connection_to_a_host_that_is_no_longer_allowed_fails_validation_without_calling_it()
    {
        await using var org = await ConnectedOrg.StartAsync();
        await org.ConnectAsync();
        var profile = await org.Engine.SendAsync(s => s.Send(new CreateProfile("Acme")));
        org.Sim.State.Requests.Clear();

        // The same data folder, started with the simulator disabled: loopback is no longer an allowed vendor host.
        await using var restarted = await EngineHarness.StartAsync(allowLoopback: false, clock: org.Engine.Clock, data: org.Engine.Data);
        var validated = await restarted.SendAsync(s => s.Send(new ValidateProfileConnection(profile.Id)));

        var host = validated.LastValidation!.Checks[0];
        Assert.Equal(("Allowed vendor host", false), (host.Name, host.Passed));
        Assert.Contains("is a loopback address, which is allowed only while an embedded vendor simulator is enabled", host.Message, StringComparison.Ordinal);
        Assert.All(validated.LastValidation.Checks, c => Assert.False(c.Passed));
        Assert.Equal(0, await SimulatorRequestCountAsync(org));
    }

    [Fact]
    public async Task Publish_refuses_without_a_passing_validation_of_the_current_configuration()
    {
        await using var org = await ConnectedOrg.StartAsync();
        await TestSubflows.ImportAllAsync(org.Engine);
        await org.ConnectAsync(admin: "1");
        await org.ConnectAsync(WebexAliases.SubscriptionReclaim);
        var profile = await org.Engine.SendAsync(s => s.Send(new CreateProfile("Acme")));

        var never = await RefusedPublishAsync(org, profile);
        var failing = await org.Engine.SendAsync(s => s.Send(new ValidateProfileConnection(profile.Id)));
        var afterFailure = await RefusedPublishAsync(org, failing);

        // Turning Download activity off changes the alias, so the failed result no longer describes the profile...
        var changed = await org.Engine.SendAsync(s => s.Send(ProfileRulesTests.Update(failing) with { DownloadActivity = false }));
        Assert.False(changed.LastValidation!.IsCurrent);
        var passing = await org.Engine.SendAsync(s => s.Send(new ValidateProfileConnection(profile.Id)));
        Assert.True(passing.LastValidation!.Passed, Describe(passing.LastValidation.Checks));

        // ...and a passing one goes stale when the connection is signed in again.
        org.Engine.Clock.Advance(TimeSpan.FromMinutes(1));
        await org.ConnectAsync(WebexAliases.SubscriptionReclaim);
        var stale = await org.Engine.SendAsync(s => s.Send(new GetProfile(profile.Id)));
        var afterReconnect = await RefusedPublishAsync(org, stale);

        Assert.Contains("never been validated", never, StringComparison.Ordinal);
        Assert.Contains("last Validate Connection failed", afterFailure, StringComparison.Ordinal);
        Assert.Contains("changed since the last Validate Connection", afterReconnect, StringComparison.Ordinal);
        Assert.Equal("Draft", (await org.Engine.SendAsync(s => s.Send(new GetProfile(profile.Id)))).Status);

        var revalidated = await org.Engine.SendAsync(s => s.Send(new ValidateProfileConnection(profile.Id)));
        var published = await org.Engine.SendAsync(s => s.Send(new PublishProfile(profile.Id, revalidated.Version, Confirm: true)));
        Assert.Equal("Published", published.Status);
    }

    [Fact]
    public async Task Publish_needs_an_explicit_confirmation()
    {
        await using var org = await ConnectedOrg.StartAsync();
        var profile = await org.Engine.SendAsync(s => s.Send(new CreateProfile("Acme")));

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            org.Engine.SendAsync(s => s.Send(new PublishProfile(profile.Id, profile.Version, Confirm: false))));

        Assert.Contains("Confirm = true", refused.Errors["Confirm"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_refuses_a_bound_subflow_that_is_not_published()
    {
        await using var org = await ConnectedOrg.StartAsync();
        await org.ConnectAsync();
        var profile = await org.Engine.SendAsync(s => s.Send(new CreateProfile("Acme")));
        var validated = await org.Engine.SendAsync(s => s.Send(new ValidateProfileConnection(profile.Id)));

        // The default Webex subflows are not loaded in this engine.
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            org.Engine.SendAsync(s => s.Send(new PublishProfile(profile.Id, validated.Version, Confirm: true))));

        Assert.Equal($"There is no workflow definition '{WebexSubflows.Download}'.", refused.Errors["DownloadSubflow"].Single());
        Assert.True(refused.Errors.ContainsKey("ActivitySubflow"));
        Assert.True(refused.Errors.ContainsKey("ReclaimSubflow"));
    }

    private static async Task<string> RefusedPublishAsync(ConnectedOrg org, ProfileView profile)
    {
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            org.Engine.SendAsync(s => s.Send(new PublishProfile(profile.Id, profile.Version, Confirm: true))));
        return refused.Errors["ProfileId"].Single();
    }

    private static async Task<long> SimulatorRequestCountAsync(ConnectedOrg org)
    {
        using var http = new HttpClient { BaseAddress = new Uri(org.Sim.BaseUrl) };
        using var log = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri("_sim/requests", UriKind.Relative)));
        return log.RootElement.GetProperty("total").GetInt64();
    }

    private static string Without(string scopes, string scope) =>
        string.Join(' ', scopes.Split(' ').Where(s => s != scope));

    private static string Describe(IEnumerable<ConnectionCheck> checks) =>
        string.Join("\n", checks.Select(c => $"{(c.Passed ? "PASS" : "FAIL")} {c.Process} {c.Name}: {c.Message}"));
}
