using Microsoft.EntityFrameworkCore;
using ProfileEngine.Reclamation;
using ProfileEngine.Reconciliation;
using ProfileEngine.Tests.Support;

namespace ProfileEngine.Tests.Reconciliation;

/// <summary>
/// Reconciliation on a hand-checkable data set (now = 2 March 2026):
/// Calling owns 10 rights at 120/year plus 5 at 12.50/month (150/year) in force, 100 expired rights and 50 not yet
/// started: 15 owned at an average of (1,200 + 750) / 15 = 130; 12 + 6 subscriptions in use in two profiles, so 3
/// unlicensed. Meetings owns 20 at 60 EUR with 12 in use. Assistant has no entitlement, a list price of 40, 4 in use.
/// </summary>
public sealed class ReconcileTests
{
    private static readonly DateTimeOffset NewYear2026 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Every_figure_of_every_model_and_the_totals_per_currency_are_computed_and_stored_as_a_snapshot()
    {
        await using var engine = await EngineHarness.StartAsync();
        var (calling, meetings, assistant) = await SeedAsync(new MoneyData(engine));

        var result = await engine.SendAsync(s => s.Send(new Reconcile()), operatorName: "alice");

        Assert.Equal((EngineHarness.Start, "alice", "OnDemand"), (result.At, result.RunBy, result.Trigger));
        Assert.Equal(
            [
                new ModelPosition(assistant, "Cisco Webex Assistant", 0, 4, 0, 4, 40m, "USD", false,
                    CurrentSpend: 160m, OverLicensedAmount: 0m, TrueUpCost: 160m, OpenCandidates: 0, PotentialSavings: 0m, ActualSavingsYtd: 0m, ActualSavingsCumulative: 0m),
                new ModelPosition(calling, "Cisco Webex Calling Professional", 15, 18, 0, 3, 130m, "USD", true,
                    CurrentSpend: 2340m, OverLicensedAmount: 0m, TrueUpCost: 390m, OpenCandidates: 2, PotentialSavings: 260m, ActualSavingsYtd: 250m, ActualSavingsCumulative: 380m),
                new ModelPosition(meetings, "Cisco Webex Meetings", 20, 12, 8, 0, 60m, "EUR", true,
                    CurrentSpend: 720m, OverLicensedAmount: 480m, TrueUpCost: 0m, OpenCandidates: 0, PotentialSavings: 0m, ActualSavingsYtd: 0m, ActualSavingsCumulative: 0m),
            ],
            result.Models);
        Assert.Equal(
            [new CurrencyTotals("EUR", 720m, 480m, 0m, 0m, 0m, 0m), new CurrencyTotals("USD", 2500m, 0m, 550m, 260m, 250m, 380m)],
            result.Totals);

        var latest = await engine.SendAsync(s => s.Send(new GetLatestReconciliation()));
        Assert.Equal(result.RunId, latest!.RunId);
        Assert.Equal(result.Models, latest.Models);
        Assert.Equal(result.Totals, latest.Totals);
        Assert.Equal(3, await engine.QueryDbAsync(db => db.Set<ReconciliationModelResult>().CountAsync(m => m.RunId == result.RunId)));
    }

    [Fact]
    public async Task A_new_year_resets_savings_year_to_date_but_not_cumulative_and_expired_entitlements_stop_counting()
    {
        await using var engine = await EngineHarness.StartAsync();
        var (calling, _, _) = await SeedAsync(new MoneyData(engine));
        var first = await engine.SendAsync(s => s.Send(new Reconcile()));

        // 2027-01-02: the monthly entitlement (ended 2027-01-01) no longer counts and the 50 rights that started on
        // 1 April 2026 do: 60 rights at 120, 18 used.
        engine.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 2, 0, 0, 0, TimeSpan.Zero));
        var second = await engine.SendAsync(s => s.Send(new Reconcile()));

        var before = first.Models.Single(m => m.ModelId == calling);
        var after = second.Models.Single(m => m.ModelId == calling);
        Assert.Equal((250m, 380m), (before.ActualSavingsYtd, before.ActualSavingsCumulative));
        Assert.Equal((0m, 380m), (after.ActualSavingsYtd, after.ActualSavingsCumulative));
        Assert.Equal((60, 42, 0, 120m, 5040m, 0m), (after.RightsOwned, after.RightsAvailable, after.Unlicensed, after.UnitPrice, after.OverLicensedAmount, after.TrueUpCost));

        var latest = await engine.SendAsync(s => s.Send(new GetLatestReconciliation()));
        Assert.Equal(second.RunId, latest!.RunId);
        Assert.Equal(2, await engine.QueryDbAsync(db => db.Set<ReconciliationRun>().CountAsync()));
    }

    [Fact]
    public async Task Without_any_run_there_is_no_latest_reconciliation()
    {
        await using var engine = await EngineHarness.StartAsync();

        Assert.Null(await engine.SendAsync(s => s.Send(new GetLatestReconciliation())));
    }

    /// <returns>The Calling, Meetings and Assistant models; a free model and an untouched paid one are also seeded.</returns>
    internal static async Task<(Guid Calling, Guid Meetings, Guid Assistant)> SeedAsync(MoneyData data)
    {
        var acme = Guid.NewGuid();
        var globex = Guid.NewGuid();
        var now = data.Now;

        var calling = await data.ModelAsync("Calling Professional", listPrice: 200m);
        await data.EntitlementAsync(calling, 10, 120m);
        await data.EntitlementAsync(calling, 5, 12.50m, term: EntitlementTerm.Monthly, startsAt: NewYear2026, endsAt: NewYear2026.AddYears(1));
        await data.EntitlementAsync(calling, 100, 120m, endsAt: now.AddDays(-1));
        await data.EntitlementAsync(calling, 50, 120m, startsAt: now.AddDays(30));
        await data.SubscriptionsAsync(acme, calling, 12);
        await data.SubscriptionsAsync(globex, calling, 6);
        await data.SubscriptionsAsync(acme, calling, 2, excluded: true);
        await data.SubscriptionsAsync(acme, calling, 3, active: false);
        await data.CandidateAsync(acme, calling, CandidateState.Ready, 130m);
        await data.CandidateAsync(globex, calling, CandidateState.AwaitingApproval, 130m);
        await data.CandidateAsync(acme, calling, CandidateState.ClosedComplete, 130m, closedAt: NewYear2026, actualSavings: 130m);
        await data.CandidateAsync(acme, calling, CandidateState.ClosedComplete, 130m, closedAt: NewYear2026.AddSeconds(-1), actualSavings: 130m);
        // Closed Complete without a recorded actual saving: it saved its potential.
        await data.CandidateAsync(acme, calling, CandidateState.ClosedComplete, 120m, closedAt: now.AddDays(-20));
        await data.CandidateAsync(acme, calling, CandidateState.ClosedSkipped, 130m, closedAt: now.AddDays(-5));
        await data.CandidateAsync(acme, calling, CandidateState.ClosedCanceled, 130m, closedAt: now.AddDays(-5));

        var meetings = await data.ModelAsync("Meetings");
        await data.EntitlementAsync(meetings, 20, 60m, currency: "EUR");
        await data.SubscriptionsAsync(globex, meetings, 12);

        var assistant = await data.ModelAsync("Assistant", listPrice: 40m);
        await data.SubscriptionsAsync(acme, assistant, 4);

        var free = await data.ModelAsync("Free Messaging", free: true);
        await data.EntitlementAsync(free, 1000, 0m);
        await data.SubscriptionsAsync(acme, free, 30);
        await data.ModelAsync("Webinars", listPrice: 500m);
        return (calling, meetings, assistant);
    }
}
