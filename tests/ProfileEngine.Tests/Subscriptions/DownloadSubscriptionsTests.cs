using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Connectors.Webex.Subscriptions;
using ProfileEngine.Subscriptions;
using ProfileEngine.WebexSimulator.Generation;
using ProfileEngine.WebexSimulator.Org;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Subscriptions;

public sealed class DownloadSubscriptionsTests
{
    [Fact]
    public async Task A_full_download_holds_one_subscription_per_person_and_paid_license_with_the_counts_of_the_simulator()
    {
        await using var org = await DownloadOrg.StartAsync(users: 2300);

        var (_, counts, mode) = await org.RunAsync();

        var expected = org.VendorPairs();
        var rows = await org.SubscriptionsAsync();
        int people, skipped;
        using (org.Sim.State.Read())
        {
            people = org.Sim.State.Data.People.Count;
            skipped = org.Sim.State.Data.People.Count(p => p.Type != PersonType.Person);
        }

        Assert.Equal("full", mode);
        Assert.Equal(expected, rows.Select(r => (r.ExternalUserId, r.Identifier)).ToHashSet());
        Assert.All(rows, r => Assert.True(r.Active && !r.Excluded && r.ModelId is not null));
        Assert.Equal(people, counts["fetched"]!.GetValue<int>());
        Assert.Equal(skipped, counts["skipped"]!.GetValue<int>());
        Assert.Equal(expected.Count, counts["inserted"]!.GetValue<int>());
        Assert.Equal(0, counts["updated"]!.GetValue<int>());
        Assert.Equal(0, counts["deactivated"]!.GetValue<int>());
        Assert.Equal(0, counts["unrecognized"]!.GetValue<int>());
        Assert.Equal(3, counts["pages"]!.GetValue<int>());

        // Per license, the rows equal the simulator's holders; free licenses have models but no subscriptions.
        var models = await org.Engine.SendAsync(s => s.Send(new ListSoftwareModels(org.ProfileId)));
        Assert.Equal(8, models.Count);
        var site = org.Sim.State.Data.SiteUrl;
        Assert.Equal(
            ["Advanced Messaging", "Basic Messaging", $"Event Center ({site})", "Free Screen Share", $"Meetings Suite ({site})", "Professional", $"Support Center ({site})", $"Training Center ({site})"],
            models.Select(m => m.Edition).Order(StringComparer.Ordinal));
        Assert.All(models.Where(m => m.IsFree), m => Assert.Equal(0, m.ActiveSubscriptions));
        foreach (var model in models.Where(m => !m.IsFree))
        {
            var identifier = Assert.Single(model.Identifiers);
            Assert.Equal(expected.Count(p => p.License == identifier), model.ActiveSubscriptions);
        }

        // The metadata of seed 000 is there to filter on.
        var admin = org.Sim.Org.AdminEmail;
        var adminRows = await org.Engine.SendAsync(s => s.Send(new ListSubscriptions(org.ProfileId, UserPrincipalName: admin)));
        Assert.NotEmpty(adminRows.Items);
        Assert.All(adminRows.Items, r => Assert.Contains(r.Roles, role => role.Length > 0));
        var pending = await org.Engine.SendAsync(s => s.Send(new ListSubscriptions(org.ProfileId, InvitePending: true, Take: 1000)));
        using (org.Sim.State.Read())
        {
            var pendingPeople = org.Sim.State.Data.People.Where(p => p.InvitePending && p.Type == PersonType.Person).Select(p => p.Id).ToHashSet();
            Assert.Equal(expected.Count(p => pendingPeople.Contains(p.Person)), pending.Total);
        }
    }

    [Fact]
    public async Task A_second_run_with_nothing_changed_at_the_vendor_changes_nothing()
    {
        await using var org = await DownloadOrg.StartAsync(users: 400);
        await org.RunAsync();
        var before = await org.SubscriptionsAsync();
        org.Clock.Advance(TimeSpan.FromDays(1));

        var (_, counts, _) = await org.RunAsync();

        var after = await org.SubscriptionsAsync();
        Assert.Equal(0, counts["inserted"]!.GetValue<int>());
        Assert.Equal(0, counts["updated"]!.GetValue<int>());
        Assert.Equal(0, counts["deactivated"]!.GetValue<int>());
        Assert.Equal(before.Count, counts["unchanged"]!.GetValue<int>());
        Assert.Equal(Describe(before), Describe(after));
    }

    [Fact]
    public async Task A_person_who_left_and_a_license_taken_away_are_deactivated_and_come_back_when_the_vendor_shows_them_again()
    {
        await using var org = await DownloadOrg.StartAsync(users: 300);
        await org.RunAsync();
        var calling = org.LicenseId(OrgGenerator.CallingLicense);
        Person leaver, holder;
        using (org.Sim.State.Read())
        {
            var people = org.Sim.State.Data.People.Where(p => p.Type == PersonType.Person && p.Holds(OrgGenerator.CallingLicense)).ToList();
            (leaver, holder) = (people[3], people[4]);
        }

        var leaverPaid = org.VendorPairs().Count(p => p.Person == leaver.Id);
        org.Sim.State.RemovePerson(leaver.Id);
        org.Sim.State.AssignLicense(holder.Id, calling, assign: false);
        org.Clock.Advance(TimeSpan.FromHours(5));
        var (_, counts, _) = await org.RunAsync();

        var rows = await org.SubscriptionsAsync();
        Assert.Equal(leaverPaid + 1, counts["deactivated"]!.GetValue<int>());
        Assert.All(rows.Where(r => r.ExternalUserId == leaver.Id), r => Assert.False(r.Active));
        var taken = Assert.Single(rows, r => r.ExternalUserId == holder.Id && r.Identifier == calling);
        Assert.False(taken.Active);
        Assert.Equal(org.Clock.GetUtcNow(), taken.DeactivatedAt);
        Assert.Equal(org.VendorPairs(), rows.Where(r => r.Active).Select(r => (r.ExternalUserId, r.Identifier)).ToHashSet());

        org.Sim.State.AssignLicense(holder.Id, calling, assign: true);
        var (_, again, _) = await org.RunAsync();
        var back = Assert.Single(await org.SubscriptionsAsync(), r => r.ExternalUserId == holder.Id && r.Identifier == calling);
        Assert.True(back.Active);
        Assert.Null(back.DeactivatedAt);
        Assert.Equal(taken.Id, back.Id);
        Assert.Equal(1, again["updated"]!.GetValue<int>());
        Assert.Equal(0, again["inserted"]!.GetValue<int>());
    }

    [Fact]
    public async Task Exclusion_rules_mark_subscriptions_excluded_and_keep_them()
    {
        await using var org = await DownloadOrg.StartAsync(users: 300);
        Person excludedUser, expiredUser;
        using (org.Sim.State.Read())
        {
            var people = org.Sim.State.Data.People.Where(p => p.Type == PersonType.Person && p.Holds(OrgGenerator.MeetingsLicense)).ToList();
            (excludedUser, expiredUser) = (people[5], people[6]);
        }

        var now = org.Clock.GetUtcNow();
        await org.Engine.QueryDbAsync(async db =>
        {
            // Seeded straight into the store (an expired rule cannot be created through CreateUserExclusion), as an audited change.
            using var audit = ProfileEngine.Audit.AuditScope.Begin(new("test", "SeedExclusions", now));
            db.UserExclusions.Add(new UserExclusion { Id = Guid.NewGuid(), UserPrincipalName = excludedUser.Email.ToUpperInvariant(), CreatedAt = now });
            db.UserExclusions.Add(new UserExclusion { Id = Guid.NewGuid(), UserPrincipalName = expiredUser.Email, ExpiresAt = now.AddDays(-1), CreatedAt = now });
            db.SubscriptionIdentifierExclusions.Add(new SubscriptionIdentifierExclusion { Id = Guid.NewGuid(), ProfileType = "Webex Subscription", Identifier = "webex-advanced-messaging", CreatedAt = now });
            db.SubscriptionIdentifierExclusions.Add(new SubscriptionIdentifierExclusion { Id = Guid.NewGuid(), ProfileType = "Another Type", Identifier = "webex-calling-professional", CreatedAt = now });
            return await db.SaveChangesAsync();
        });

        await org.RunAsync();

        var rows = await org.SubscriptionsAsync();
        var messaging = org.LicenseId(OrgGenerator.AdvancedMessagingLicense);
        Assert.Equal(org.VendorPairs(), rows.Where(r => r.Active).Select(r => (r.ExternalUserId, r.Identifier)).ToHashSet());
        Assert.All(rows, r => Assert.Equal(r.ExternalUserId == excludedUser.Id || r.Identifier == messaging, r.Excluded));
        Assert.Contains(rows, r => r.ExternalUserId == expiredUser.Id && !r.Excluded);
        var excluded = await org.Engine.SendAsync(s => s.Send(new ListSubscriptions(org.ProfileId, Excluded: true, Take: 1000)));
        Assert.Equal(rows.Count(r => r.Excluded), excluded.Total);

        // Lifting the rule lifts the mark at the next download.
        await org.Engine.QueryDbAsync(db => db.UserExclusions.Where(u => u.UserPrincipalName != expiredUser.Email).ExecuteUpdateAsync(s => s.SetProperty(u => u.Active, false)));
        var (_, counts, _) = await org.RunAsync();
        Assert.Equal(rows.Count(r => r.ExternalUserId == excludedUser.Id && r.Identifier != messaging), counts["updated"]!.GetValue<int>());
        Assert.All(await org.SubscriptionsAsync(), r => Assert.Equal(r.Identifier == messaging, r.Excluded));
    }

    [Fact]
    public async Task An_identifier_the_catalog_does_not_know_is_listed_with_its_count_and_its_subscriptions_follow_the_admins_mapping()
    {
        using var catalogFolder = new Support.TempDataFolder();
        var catalog = JsonNode.Parse(await File.ReadAllTextAsync(ProductCatalog.DefaultPath))!;
        var entries = catalog["entries"]!.AsArray();
        entries.Remove(entries.Single(e => e!["key"]!.GetValue<string>() == "webex-advanced-messaging"));
        var file = catalogFolder.File("catalog.json");
        await File.WriteAllTextAsync(file, catalog.ToJsonString());
        await using var org = await DownloadOrg.StartAsync(users: 300, settings: new Dictionary<string, string?> { ["ProfileEngine:Webex:CatalogFile"] = file });

        var (_, counts, _) = await org.RunAsync();

        var messaging = org.LicenseId(OrgGenerator.AdvancedMessagingLicense);
        var holders = org.VendorPairs().Count(p => p.License == messaging);
        var unrecognized = Assert.Single(await org.Engine.SendAsync(s => s.Send(new ListUnrecognizedIdentifiers(org.ProfileId))));
        Assert.Equal(1, counts["unrecognized"]!.GetValue<int>());
        Assert.Equal(messaging, unrecognized.Identifier);
        Assert.Equal("Advanced Messaging", unrecognized.Name);
        Assert.Equal(holders, unrecognized.SubscriptionCount);
        var rows = await org.SubscriptionsAsync();
        Assert.All(rows, r => Assert.Equal(r.Identifier == messaging, r.ModelId is null));

        // The admin maps it to a model: its subscriptions follow at once, and the next download keeps the mapping.
        var target = (await org.Engine.SendAsync(s => s.Send(new ListSoftwareModels(org.ProfileId)))).Single(m => m.Edition == "Professional");
        var mapped = await org.Engine.SendAsync(s => s.Send(new MapUnrecognizedIdentifier(org.ProfileId, messaging, target.Id)), "sam-admin");
        Assert.Equal(target.Id, mapped.MappedModelId);
        Assert.Equal("sam-admin", mapped.MappedBy);
        Assert.All(await org.SubscriptionsAsync(), r => Assert.NotNull(r.ModelId));
        Assert.Equal(holders, (await org.SubscriptionsAsync()).Count(r => r.ModelId == target.Id && r.Identifier == messaging));
        Assert.Contains(await org.Engine.QueryDbAsync(db => db.AuditEntries.ToListAsync()), a => a.Action == nameof(MapUnrecognizedIdentifier) && a.Actor == "sam-admin");

        var (_, again, _) = await org.RunAsync();
        Assert.Equal(0, again["updated"]!.GetValue<int>());
        Assert.Equal(0, again["unrecognized"]!.GetValue<int>());
        Assert.Equal(holders, (await org.SubscriptionsAsync()).Count(r => r.ModelId == target.Id && r.Identifier == messaging));
    }

    [Fact]
    public async Task A_bad_catalog_fails_the_download_naming_the_file_and_the_entry_and_writes_nothing()
    {
        using var catalogFolder = new Support.TempDataFolder();
        var file = catalogFolder.File("catalog.json");
        await File.WriteAllTextAsync(file, """{ "publisher": "Cisco", "profileType": "Webex Subscription", "entries": [ { "key": "a", "product": "P", "edition": "E", "offerCodes": ["EE"] }, { "key": "b", "product": "P" } ] }""");
        await using var org = await DownloadOrg.StartAsync(users: 50, settings: new Dictionary<string, string?> { ["ProfileEngine:Webex:CatalogFile"] = file });

        var run = await org.Engine.Get<IWorkflowRuntime>().StartAsync("cisco-webex-download-subscriptions", new JsonObject { ["profileId"] = org.ProfileId.ToString() });

        Assert.Equal(WorkflowStatus.Faulted, run.Status);
        Assert.Contains(file, run.FaultMessage, StringComparison.Ordinal);
        Assert.Contains("$.entries[1] (key 'b'): 'edition' is required", run.FaultMessage, StringComparison.Ordinal);
        Assert.Empty(await org.SubscriptionsAsync());
        Assert.Equal(0, await org.Engine.QueryDbAsync(db => db.SoftwareModels.CountAsync()));
    }

    [Fact]
    public async Task Bots_and_app_users_are_skipped_by_the_definitions_inputs_not_by_code()
    {
        await using var org = await DownloadOrg.StartAsync(users: 400);
        await org.ImportVariantAsync("download-with-bots", "personTypes", """["person","bot","appuser"]""");
        var botId = org.Sim.State.AddPerson(new() { Email = "helper@webex.bot", DisplayName = "Helper", Type = "bot", Licenses = [org.LicenseId(OrgGenerator.CallingLicense)] }).Id;

        var (_, plain, _) = await org.RunAsync();
        Assert.DoesNotContain(await org.SubscriptionsAsync(), r => r.ExternalUserId == botId);
        Assert.True(plain["skipped"]!.GetValue<int>() > 0);

        var (_, withBots, _) = await org.RunAsync("download-with-bots");
        Assert.Equal(0, withBots["skipped"]!.GetValue<int>());
        var bot = Assert.Single(await org.SubscriptionsAsync(), r => r.ExternalUserId == botId);
        Assert.Equal("bot", bot.UserType);
    }

    [Fact]
    public async Task An_incremental_run_applies_only_the_people_changed_since_the_watermark()
    {
        await using var org = await DownloadOrg.StartAsync(users: 1500, scim: true);
        await org.ImportVariantAsync("download-incremental", "mode", "incremental");
        var (_, _, firstMode) = await org.RunAsync("download-incremental");
        Assert.Equal("full", firstMode);
        var watermark = await org.Engine.QueryDbAsync(db => db.SyncWatermarks.SingleAsync(w => w.ProfileId == org.ProfileId && w.Stream == DownloadSubscriptions.PeopleStream));
        int atWatermark;
        using (org.Sim.State.Read())
        {
            Assert.Equal(org.Sim.State.Data.People.Where(p => p.Type == PersonType.Person).Max(p => p.LastModified), watermark.Value);
            atWatermark = org.Sim.State.Data.People.Count(p => p.Type == PersonType.Person && p.LastModified == watermark.Value);
        }

        org.Clock.Advance(TimeSpan.FromHours(1));
        var calling = org.LicenseId(OrgGenerator.CallingLicense);
        List<Person> changed;
        using (org.Sim.State.Read())
        {
            changed = [.. org.Sim.State.Data.People.Where(p => p.Type == PersonType.Person && !p.Holds(OrgGenerator.CallingLicense)).Take(15)];
        }

        foreach (var person in changed)
        {
            org.Sim.State.AssignLicense(person.Id, calling, assign: true);
        }

        org.Sim.State.UpdatePerson(changed[0].Id, System.Text.Json.JsonDocument.Parse("""{"timezone":"Europe/Berlin"}""").RootElement);
        org.Clock.Advance(TimeSpan.FromHours(1));
        org.Sim.State.Requests.Clear();

        var (_, counts, mode) = await org.RunAsync("download-incremental");

        Assert.Equal("incremental", mode);
        // SCIM is asked for lastModified >= the watermark: the few people exactly at it are read again, and change nothing.
        Assert.InRange(counts["fetched"]!.GetValue<int>(), changed.Count, changed.Count + atWatermark);
        Assert.Equal(changed.Count, counts["inserted"]!.GetValue<int>());
        Assert.Equal(org.VendorPairs().Count(p => p.Person == changed[0].Id) - 1, counts["updated"]!.GetValue<int>());
        Assert.Equal(org.VendorPairs(), (await org.SubscriptionsAsync()).Where(r => r.Active).Select(r => (r.ExternalUserId, r.Identifier)).ToHashSet());
        Assert.All(await org.SubscriptionsAsync(), r => Assert.Equal(r.ExternalUserId == changed[0].Id ? "Europe/Berlin" : r.TimeZone, r.TimeZone));
        // Each changed person is read by id (GET /v1/people/{id} carries their licenses), not with id= lookups.
        var log = org.Sim.State.Requests.Snapshot();
        Assert.DoesNotContain(log, r => r.Path == "/v1/people" && r.Query.Contains("id=", StringComparison.Ordinal));
        Assert.Equal(counts["fetched"]!.GetValue<int>(), log.Count(r => r.Path.StartsWith("/v1/people/", StringComparison.Ordinal) && r.Path != "/v1/people/me"));
    }

    [Fact]
    public async Task An_incremental_profile_runs_full_on_the_rebase_day_of_the_month()
    {
        await using var org = await DownloadOrg.StartAsync(users: 200, scim: true);
        await org.ImportVariantAsync("download-incremental", "mode", "incremental");
        await org.RunAsync("download-incremental");
        org.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal("incremental", (await org.RunAsync("download-incremental")).Mode);

        org.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 10, 3, 0, 0, TimeSpan.Zero));
        Assert.Equal("full", (await org.RunAsync("download-incremental")).Mode);
        org.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal("incremental", (await org.RunAsync("download-incremental")).Mode);
    }

    [Fact]
    public async Task A_download_that_dies_mid_run_continues_from_its_last_committed_page_and_ends_as_an_uninterrupted_run()
    {
        var crash = new CrashOnPeoplePage(page: 3);
        await using var org = await DownloadOrg.StartAsync(users: 4500, configure: s => s.AddHttpClient("Webex").AddHttpMessageHandler(() => crash));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => org.RunAsync(cancellationToken: crash.Token));
        var left = await org.Engine.QueryDbAsync(db => db.Set<WorkflowInstanceRecord>().SingleAsync(i => i.DefinitionId == "cisco-webex-download-subscriptions"));
        var committed = (await org.SubscriptionsAsync()).Count;
        Assert.Equal(WorkflowStatus.Running, left.Status);
        Assert.True(committed > 0, "at least one page was committed before the crash");
        Assert.True(committed < org.VendorPairs().Count, "the crash came before the last page");

        await org.RestartAsync();
        org.Sim.State.Requests.Clear();
        Assert.Equal(1, await org.Engine.Get<IWorkflowRuntime>().RecoverAsync());

        var (_, counts, _) = await org.ResultAsync(new WorkflowRunResult(left.Id, (await org.Engine.Get<IWorkflowRuntime>().GetAsync(left.Id))!.Summary.Status, null));
        var rows = await org.SubscriptionsAsync();
        Assert.Equal(org.VendorPairs(), rows.Select(r => (r.ExternalUserId, r.Identifier)).ToHashSet());
        Assert.Equal(rows.Count, counts["inserted"]!.GetValue<int>());
        Assert.Equal(0, counts["updated"]!.GetValue<int>());
        Assert.Equal(5, counts["pages"]!.GetValue<int>());
        var listings = org.Sim.State.Requests.Snapshot().Where(r => r.Path == "/v1/people").ToList();
        Assert.NotEmpty(listings);
        Assert.All(listings, r => Assert.Contains("cursor=", r.Query, StringComparison.Ordinal));

        // An uninterrupted run now finds nothing to change: the resumed state is the state of a clean run.
        var (_, again, _) = await org.RunAsync();
        Assert.Equal(0, again["inserted"]!.GetValue<int>() + again["updated"]!.GetValue<int>() + again["deactivated"]!.GetValue<int>());
        Assert.Equal(rows.Count, again["unchanged"]!.GetValue<int>());
    }

    [Fact]
    public async Task Deleting_the_profile_removes_its_subscriptions_licenses_and_watermarks_and_keeps_the_models()
    {
        await using var org = await DownloadOrg.StartAsync(users: 200);
        await org.RunAsync();
        var profile = await org.Engine.SendAsync(s => s.Send(new ProfileEngine.Profiles.GetProfile(org.ProfileId)));

        await org.Engine.SendAsync(s => s.Send(new ProfileEngine.Profiles.DeleteProfile(org.ProfileId, profile.Version)));

        Assert.Empty(await org.SubscriptionsAsync());
        Assert.Equal(0, await org.Engine.QueryDbAsync(db => db.ProfileLicenses.CountAsync()));
        Assert.Equal(0, await org.Engine.QueryDbAsync(db => db.SyncWatermarks.CountAsync()));
        Assert.Equal(8, await org.Engine.QueryDbAsync(db => db.SoftwareModels.CountAsync()));
    }

    private static List<string> Describe(IEnumerable<SoftwareSubscription> rows) =>
        [.. rows.Select(r => string.Join('|', r.Id, r.ExternalUserId, r.Identifier, r.UserPrincipalName, r.DisplayName, r.ModelId, r.ExternalCreated,
            r.InvitePending, r.LoginEnabled, r.Roles, r.TimeZone, r.UserType, r.UserStatus, r.Active, r.Excluded, r.DeactivatedAt, r.FirstSeenAt, r.UpdatedAt))];

    /// <summary>Plays a process that dies: cancels the run when the client asks for the n-th people page (page n-2 is committed by then).</summary>
    private sealed class CrashOnPeoplePage(int page) : DelegatingHandler
    {
        private readonly CancellationTokenSource _crash = new();
        private int _pages;

        public CancellationToken Token => _crash.Token;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath == "/v1/people" && !request.RequestUri.Query.Contains("id=", StringComparison.Ordinal)
                && Interlocked.Increment(ref _pages) == page)
            {
                await _crash.CancelAsync();
                cancellationToken.ThrowIfCancellationRequested();
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
