using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connections;
using ProfileEngine.Profiles;
using ProfileEngine.Scheduling;
using ProfileEngine.Tests.Connections;
using ProfileEngine.Tests.Profiles;
using ProfileEngine.Tests.Support;
using ProfileEngine.Connectors.Webex;

namespace ProfileEngine.Tests.Audit;

/// <summary>Every command that changes a profile, alias, connection or job leaves its audit row, secrets masked.</summary>
public sealed class AuditTests
{
    [Fact]
    public async Task Connection_changes_are_audited_with_the_secret_and_tokens_masked()
    {
        await using var org = await ConnectedOrg.StartAsync();
        await org.ConnectAsync();

        var rows = await org.Engine.QueryDbAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(Connection)).OrderBy(a => a.Id).ToListAsync());
        var stored = await org.Engine.QueryDbAsync(db => db.Connections.SingleAsync());

        Assert.Equal([(nameof(SetConnectionDetails), "Added"), (nameof(CompleteConnect), "Modified")], rows.Select(r => (r.Action, r.Change)));
        var after = JsonDocument.Parse(rows[1].After!).RootElement;
        Assert.Equal("***", after.GetProperty(nameof(Connection.ProtectedClientSecret)).GetString());
        Assert.Equal("***", after.GetProperty(nameof(Connection.ProtectedAccessToken)).GetString());
        Assert.Equal("***", after.GetProperty(nameof(Connection.ProtectedRefreshToken)).GetString());
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(rows[1].Before!).RootElement.GetProperty(nameof(Connection.ProtectedAccessToken)).ValueKind);
        Assert.Equal(org.Sim.Org.OrgId, after.GetProperty(nameof(Connection.OrgId)).GetString());
        foreach (var row in rows)
        {
            Assert.DoesNotContain(stored.ProtectedClientSecret, row.After!, StringComparison.Ordinal);
            Assert.DoesNotContain(org.Sim.Org.ClientSecret, row.After!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_connectors_parent_aliases_created_at_start_up_are_audited_as_the_system()
    {
        await using var engine = await EngineHarness.StartAsync();

        var rows = await engine.QueryDbAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(ConnectionAlias)).ToListAsync());

        // The Webex parents come from the first migration's seed; the SCIM connector's are created at start-up.
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(("system", "CreateConnectorParentAliases", "Added"), (r.Actor, r.Action, r.Change)));
        Assert.Equal(
            ["scim_application", "scim_application_activity", "scim_application_activity_reclaim", "scim_application_reclaim"],
            rows.Select(r => JsonDocument.Parse(r.After!).RootElement.GetProperty(nameof(ConnectionAlias.Name)).GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Creating_a_child_alias_is_audited()
    {
        await using var engine = await EngineHarness.StartAsync();

        await engine.SendAsync(s => s.Send(new CreateChildAlias("second_org", WebexAliases.Subscription)), operatorName: "alice");

        var row = await engine.QueryDbAsync(db => db.AuditEntries.SingleAsync(a => a.EntityType == nameof(ConnectionAlias) && a.Actor != "system"));
        Assert.Equal(("alice", nameof(CreateChildAlias), "Added"), (row.Actor, row.Action, row.Change));
        Assert.Equal("second_org", JsonDocument.Parse(row.After!).RootElement.GetProperty(nameof(ConnectionAlias.Name)).GetString());
    }

    [Fact]
    public async Task Run_now_is_audited_on_the_job()
    {
        await using var org = await PublishedOrg.StartAsync();
        var published = await org.PublishAsync(new CreateProfile("Acme", DownloadActivity: false));

        await org.Engine.SendAsync(s => s.Send(new RunProfileJobNow(published.Id, ProfileProcess.Subscriptions)), operatorName: "olivia");

        var row = await org.Engine.QueryDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == nameof(RunProfileJobNow)));
        Assert.Equal(("olivia", nameof(ProfileJob), "Modified"), (row.Actor, row.EntityType, row.Change));
        Assert.Equal("olivia", JsonDocument.Parse(row.After!).RootElement.GetProperty(nameof(ProfileJob.LastRunRequestedBy)).GetString());
    }

    [Fact]
    public async Task A_change_that_loses_a_race_leaves_no_audit_row()
    {
        await using var engine = await EngineHarness.StartAsync();
        var read = await engine.SendAsync(s => s.Send(new CreateProfile("Acme")));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(async i =>
        {
            try
            {
                await engine.SendAsync(s => s.Send(ProfileRulesTests.Update(read) with { DisplayName = $"Name {i}" }));
            }
            catch (ProfileEngine.Messaging.RequestConflictException)
            {
                // Expected for all but one.
            }
        }));

        var updates = await engine.QueryDbAsync(db => db.AuditEntries.Where(a => a.Action == nameof(UpdateProfile)).ToListAsync());
        var stored = await engine.QueryDbAsync(db => db.IntegrationProfiles.SingleAsync());
        Assert.Equal(stored.DisplayName, JsonDocument.Parse(Assert.Single(updates).After!).RootElement.GetProperty(nameof(IntegrationProfile.DisplayName)).GetString());
    }

    [Fact]
    public async Task An_audited_record_cannot_be_changed_outside_a_command()
    {
        await using var engine = await EngineHarness.StartAsync();
        await engine.SendAsync(s => s.Send(new CreateProfile("Acme")));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => engine.QueryDbAsync(async db =>
        {
            (await db.IntegrationProfiles.SingleAsync()).DisplayName = "Sneaky";
            return await db.SaveChangesAsync();
        }));

        Assert.Contains("changed outside an audited command", refused.Message, StringComparison.Ordinal);
        Assert.Equal("Acme", (await engine.QueryDbAsync(db => db.IntegrationProfiles.SingleAsync())).DisplayName);
    }
}
