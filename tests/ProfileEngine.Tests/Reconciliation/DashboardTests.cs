using ProfileEngine.Reclamation;
using ProfileEngine.Reconciliation;
using ProfileEngine.Tests.Support;

namespace ProfileEngine.Tests.Reconciliation;

public sealed class DashboardTests
{
    [Fact]
    public async Task Stale_follows_each_profile_and_model_rule_and_the_money_comes_per_currency()
    {
        await using var engine = await EngineHarness.StartAsync();
        var data = new MoneyData(engine);
        var acme = await data.ProfileAsync("Acme");
        var globex = await data.ProfileAsync("Globex");
        var calling = await data.ModelAsync("Calling Professional", listPrice: 100m);
        var meetings = await data.ModelAsync("Meetings");
        var free = await data.ModelAsync("Free Messaging", free: true);
        await data.EntitlementAsync(meetings, 10, 50m, currency: "EUR");

        // Acme: 30 days for the profile, 90 for Meetings; an inactive 10-day rule for Calling does not apply.
        await data.RuleAsync(acme, null, 30);
        await data.RuleAsync(acme, meetings, 90);
        await data.RuleAsync(acme, calling, 10, active: false);
        await data.SubscriptionsAsync(acme, calling, daysSinceActivity: 10);
        await data.SubscriptionsAsync(acme, calling, daysSinceActivity: 31);
        await data.SubscriptionsAsync(acme, calling, daysSinceActivity: 45);
        await data.SubscriptionsAsync(acme, calling, daysSinceActivity: null, createdDaysAgo: 5);
        await data.SubscriptionsAsync(acme, calling, daysSinceActivity: null, createdDaysAgo: 100);
        await data.SubscriptionsAsync(acme, meetings, daysSinceActivity: 31);
        await data.SubscriptionsAsync(acme, meetings, daysSinceActivity: 91);
        // Globex has no rule: 60 days.
        await data.SubscriptionsAsync(globex, calling, daysSinceActivity: 59);
        await data.SubscriptionsAsync(globex, calling, daysSinceActivity: 61);
        await data.SubscriptionsAsync(globex, calling, daysSinceActivity: 200, excluded: true);
        await data.SubscriptionsAsync(globex, calling, daysSinceActivity: 200, active: false);
        await data.SubscriptionsAsync(globex, free, daysSinceActivity: 200);

        await data.CandidateAsync(acme, calling, CandidateState.Ready, 100m);
        await data.CandidateAsync(acme, calling, CandidateState.ClosedComplete, 100m, closedAt: data.Now.AddDays(-3), actualSavings: 100m);
        await data.CandidateAsync(globex, calling, CandidateState.AwaitingUser, 100m);
        await data.CandidateAsync(globex, calling, CandidateState.ClosedSkipped, 100m, closedAt: data.Now.AddDays(-3));

        var dashboard = await engine.SendAsync(s => s.Send(new GetDashboard()));

        Assert.Equal((9, 5, 55.6m), (dashboard.AssignedSubscriptions, dashboard.StaleSubscriptions, dashboard.UnusedPercent));
        Assert.Equal(
            [new ProfileFigures(acme, "Acme", 7, 4, [new MoneyAmount("USD", 100m)]), new ProfileFigures(globex, "Globex", 2, 1, [new MoneyAmount("USD", 100m)])],
            dashboard.ByProfile,
            ProfileFiguresComparer.Instance);
        // Calling: 7 used, none owned, 100 a year: spend and true-up 700. Meetings: 2 of 10 used at 50 EUR.
        Assert.Equal(
            [new CurrencyTotals("EUR", 100m, 400m, 0m, 0m, 0m, 0m), new CurrencyTotals("USD", 700m, 0m, 700m, 200m, 100m, 100m)],
            dashboard.Money);
        Assert.Null(dashboard.LastReconciledAt);

        engine.Clock.Advance(TimeSpan.FromHours(1));
        await engine.SendAsync(s => s.Send(new Reconcile()));
        Assert.Equal(EngineHarness.Start.AddHours(1), (await engine.SendAsync(s => s.Send(new GetDashboard()))).LastReconciledAt);
    }

    [Fact]
    public async Task An_empty_engine_shows_zero_unused_without_dividing_by_zero()
    {
        await using var engine = await EngineHarness.StartAsync();

        var dashboard = await engine.SendAsync(s => s.Send(new GetDashboard()));

        Assert.Equal((0, 0, 0m), (dashboard.AssignedSubscriptions, dashboard.StaleSubscriptions, dashboard.UnusedPercent));
        Assert.Empty(dashboard.Money);
        Assert.Empty(dashboard.ByProfile);
    }

    /// <summary>Records holding lists compare the lists by reference; this compares them by content.</summary>
    private sealed class ProfileFiguresComparer : IEqualityComparer<ProfileFigures>
    {
        public static readonly ProfileFiguresComparer Instance = new();

        public bool Equals(ProfileFigures? x, ProfileFigures? y) =>
            x is not null && y is not null
            && (x.ProfileId, x.ProfileName, x.AssignedSubscriptions, x.StaleSubscriptions) == (y.ProfileId, y.ProfileName, y.AssignedSubscriptions, y.StaleSubscriptions)
            && x.PotentialSavings.SequenceEqual(y.PotentialSavings);

        public int GetHashCode(ProfileFigures obj) => obj.ProfileId.GetHashCode();
    }
}
