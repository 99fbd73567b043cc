using Microsoft.EntityFrameworkCore;
using ProfileEngine.Exclusions;
using ProfileEngine.Messaging;
using ProfileEngine.Subscriptions;
using ProfileEngine.Tests.Subscriptions;
using ProfileEngine.WebexSimulator.Generation;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.Tests.Exclusions;

/// <summary>Exclusion rule commands: a rule marks or unmarks the subscriptions it covers at once, audited.</summary>
public sealed class ExclusionRuleTests
{
    [Fact]
    public async Task A_user_exclusion_marks_the_users_subscriptions_at_once_and_turning_it_off_or_deleting_it_unmarks_them()
    {
        await using var org = await DownloadOrg.StartAsync(users: 60);
        await org.RunAsync();
        var rows = await org.SubscriptionsAsync();
        var person = rows.GroupBy(r => r.UserPrincipalName!).First(g => g.Count() >= 2);
        var upn = person.Key;

        var created = await org.Engine.SendAsync(s => s.Send(new CreateUserExclusion(upn.ToUpperInvariant(), "On parental leave", org.Clock.GetUtcNow().AddDays(30))));

        Assert.Equal(Marked(rows, upn), await ExcludedAsync(org));
        Assert.Equal("On parental leave", created.Reason);
        Assert.Equal(upn.ToUpperInvariant(), Assert.Single(await org.Engine.SendAsync(s => s.Send(new ListUserExclusions()))).UserPrincipalName);
        Assert.Equal(1, await org.Engine.QueryDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(UserExclusion) && a.Action == nameof(CreateUserExclusion))));

        await org.Engine.SendAsync(s => s.Send(new UpdateUserExclusion(created.Id, false, "Back", null)));
        Assert.Empty(await ExcludedAsync(org));

        await org.Engine.SendAsync(s => s.Send(new UpdateUserExclusion(created.Id, true, "Leave extended", null)));
        Assert.Equal(Marked(rows, upn), await ExcludedAsync(org));

        await org.Engine.SendAsync(s => s.Send(new DeleteUserExclusion(created.Id)));
        Assert.Empty(await ExcludedAsync(org));
        Assert.Empty(await org.Engine.SendAsync(s => s.Send(new ListUserExclusions())));
        Assert.Equal(1, await org.Engine.QueryDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(UserExclusion) && a.Change == "Deleted")));

        // The next download agrees with what the commands marked.
        await org.Engine.SendAsync(s => s.Send(new CreateUserExclusion(upn, "Again", null)));
        var marked = await ExcludedAsync(org);
        await org.RunAsync();
        Assert.Equal(marked, await ExcludedAsync(org));
    }

    [Fact]
    public async Task An_identifier_exclusion_by_catalog_key_marks_that_license_in_profiles_of_its_type_only_and_a_user_exclusion_still_holds_when_it_goes()
    {
        await using var org = await DownloadOrg.StartAsync(users: 60);
        await org.RunAsync();
        var rows = await org.SubscriptionsAsync();
        var calling = org.LicenseId(OrgGenerator.CallingLicense);
        var holder = rows.First(r => r.Identifier == calling).UserPrincipalName!;

        await org.Engine.SendAsync(s => s.Send(new CreateSubscriptionIdentifierExclusion("Another Type", "webex-calling-professional")));
        Assert.Empty(await ExcludedAsync(org));

        var rule = await org.Engine.SendAsync(s => s.Send(new CreateSubscriptionIdentifierExclusion("Webex Subscription", "WEBEX-calling-professional")));
        var byLicense = rows.Where(r => r.Identifier == calling).Select(r => r.Id).ToHashSet();
        Assert.NotEmpty(byLicense);
        Assert.Equal(byLicense, await ExcludedAsync(org));
        Assert.Equal(["Webex Subscription"], (await org.Engine.SendAsync(s => s.Send(new ListSubscriptionIdentifierExclusions("Webex Subscription")))).Select(r => r.ProfileType));
        Assert.Equal(2, (await org.Engine.SendAsync(s => s.Send(new ListSubscriptionIdentifierExclusions()))).Count);

        await org.Engine.SendAsync(s => s.Send(new UpdateSubscriptionIdentifierExclusion(rule.Id, false)));
        Assert.Empty(await ExcludedAsync(org));
        await org.Engine.SendAsync(s => s.Send(new UpdateSubscriptionIdentifierExclusion(rule.Id, true)));
        Assert.Equal(byLicense, await ExcludedAsync(org));

        await org.Engine.SendAsync(s => s.Send(new CreateUserExclusion(holder, "Contractor", null)));
        await org.Engine.SendAsync(s => s.Send(new DeleteSubscriptionIdentifierExclusion(rule.Id)));
        Assert.Equal(Marked(rows, holder), await ExcludedAsync(org));
        Assert.Equal(4, await org.Engine.QueryDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(SubscriptionIdentifierExclusion) && a.EntityId == rule.Id.ToString())));
    }

    [Fact]
    public async Task Bad_rules_are_refused_by_field_and_unknown_ones_are_not_found()
    {
        await using var org = await DownloadOrg.StartAsync(users: 10);
        var now = org.Clock.GetUtcNow();
        await org.Engine.SendAsync(s => s.Send(new CreateUserExclusion("ann@example.com", "VIP", null)));
        await org.Engine.SendAsync(s => s.Send(new CreateSubscriptionIdentifierExclusion("Webex Subscription", "webex-training")));

        await AssertInvalid(new CreateUserExclusion("ANN@example.com", "twice", null), nameof(CreateUserExclusion.UserPrincipalName));
        await AssertInvalid(new CreateUserExclusion("not-an-email", "x", null), nameof(CreateUserExclusion.UserPrincipalName));
        await AssertInvalid(new CreateUserExclusion("bob@example.com", " ", null), nameof(CreateUserExclusion.Reason));
        await AssertInvalid(new CreateUserExclusion("bob@example.com", "x", now.AddMinutes(-1)), nameof(CreateUserExclusion.ExpiresAt));
        await AssertInvalid(new UpdateUserExclusion(Guid.NewGuid(), true, "x", now), nameof(UpdateUserExclusion.ExpiresAt));
        await AssertInvalid(new CreateSubscriptionIdentifierExclusion("Webex Subscription", "WEBEX-TRAINING"), nameof(CreateSubscriptionIdentifierExclusion.Identifier));
        await AssertInvalid(new CreateSubscriptionIdentifierExclusion("", "x"), nameof(CreateSubscriptionIdentifierExclusion.ProfileType));
        await Assert.ThrowsAsync<RequestNotFoundException>(() => org.Engine.SendAsync(s => s.Send(new UpdateUserExclusion(Guid.NewGuid(), true, "x", null))));
        await Assert.ThrowsAsync<RequestNotFoundException>(() => org.Engine.SendAsync(s => s.Send(new DeleteUserExclusion(Guid.NewGuid()))));
        await Assert.ThrowsAsync<RequestNotFoundException>(() => org.Engine.SendAsync(s => s.Send(new UpdateSubscriptionIdentifierExclusion(Guid.NewGuid(), false))));
        await Assert.ThrowsAsync<RequestNotFoundException>(() => org.Engine.SendAsync(s => s.Send(new DeleteSubscriptionIdentifierExclusion(Guid.NewGuid()))));
        Assert.Single(await org.Engine.SendAsync(s => s.Send(new ListUserExclusions())));

        async Task AssertInvalid<T>(Mediator.ICommand<T> command, string field)
        {
            var error = await Assert.ThrowsAsync<RequestValidationException>(() => org.Engine.SendAsync(s => s.Send(command)));
            Assert.Contains(field, error.Errors.Keys);
        }
    }

    private static HashSet<long> Marked(List<SoftwareSubscription> rows, string upn) =>
        rows.Where(r => string.Equals(r.UserPrincipalName, upn, StringComparison.OrdinalIgnoreCase)).Select(r => r.Id).ToHashSet();

    private static async Task<HashSet<long>> ExcludedAsync(DownloadOrg org) =>
        (await org.SubscriptionsAsync()).Where(r => r.Excluded).Select(r => r.Id).ToHashSet();
}
