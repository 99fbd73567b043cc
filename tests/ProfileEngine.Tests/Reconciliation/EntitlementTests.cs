using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Messaging;
using ProfileEngine.Reconciliation;
using ProfileEngine.Tests.Support;

namespace ProfileEngine.Tests.Reconciliation;

public sealed class EntitlementTests
{
    [Fact]
    public async Task Create_stores_the_entitlement_with_its_yearly_price_and_an_audit_row()
    {
        await using var engine = await EngineHarness.StartAsync();
        var data = new MoneyData(engine);
        var calling = await data.ModelAsync("Calling Professional");

        var created = await engine.SendAsync(
            s => s.Send(new CreateEntitlement(calling, " Calling 2026 ", 25, 12.50m, "EUR", EntitlementTerm.Monthly, EngineHarness.Start.AddDays(-1))),
            operatorName: "alice");

        Assert.Equal(
            ("Calling 2026", "Cisco Webex Calling Professional", 25, 12.50m, 150m, "EUR", "Monthly", true, 1),
            (created.Name, created.ModelName, created.RightsOwned, created.UnitPrice, created.AnnualUnitPrice, created.Currency, created.Term, created.InForce, created.Version));
        var audit = await engine.QueryDbAsync(db => db.AuditEntries.SingleAsync(a => a.EntityType == nameof(Entitlement)));
        Assert.Equal(("alice", nameof(CreateEntitlement), "Added", created.Id.ToString()), (audit.Actor, audit.Action, audit.Change, audit.EntityId));
        Assert.Equal(25, JsonDocument.Parse(audit.After!).RootElement.GetProperty(nameof(Entitlement.RightsOwned)).GetInt32());
    }

    [Fact]
    public async Task Bad_fields_are_refused_each_by_name_and_nothing_is_written()
    {
        await using var engine = await EngineHarness.StartAsync();
        var calling = await new MoneyData(engine).ModelAsync("Calling Professional");

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => engine.SendAsync(s => s.Send(new CreateEntitlement(
            calling, " ", -1, -0.01m, "usd", StartsAt: EngineHarness.Start, EndsAt: EngineHarness.Start))));

        Assert.Equal(
            [nameof(CreateEntitlement.Currency), nameof(CreateEntitlement.EndsAt), nameof(CreateEntitlement.Name), nameof(CreateEntitlement.RightsOwned), nameof(CreateEntitlement.UnitPrice)],
            refused.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("ISO 4217", refused.Errors[nameof(CreateEntitlement.Currency)][0], StringComparison.Ordinal);
        Assert.Empty(await engine.QueryDbAsync(db => db.Entitlements.ToListAsync()));
        Assert.Empty(await engine.QueryDbAsync(db => db.AuditEntries.Where(a => a.Actor != "system").ToListAsync()));
    }

    [Theory]
    [InlineData("US")]
    [InlineData("USDX")]
    [InlineData("U$D")]
    [InlineData("")]
    public async Task A_currency_that_is_not_three_upper_case_letters_is_refused(string currency)
    {
        await using var engine = await EngineHarness.StartAsync();
        var calling = await new MoneyData(engine).ModelAsync("Calling Professional");

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => engine.SendAsync(s => s.Send(new CreateEntitlement(calling, "Calling", 1, 1m, currency))));

        Assert.Equal([nameof(CreateEntitlement.Currency)], refused.Errors.Keys);
    }

    [Fact]
    public async Task An_unknown_model_is_refused_on_ModelId()
    {
        await using var engine = await EngineHarness.StartAsync();

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => engine.SendAsync(s => s.Send(new CreateEntitlement(Guid.NewGuid(), "Calling", 1, 1m, "USD"))));

        Assert.Equal([nameof(CreateEntitlement.ModelId)], refused.Errors.Keys);
        Assert.Contains("There is no software model", refused.Errors[nameof(CreateEntitlement.ModelId)][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_free_model_takes_rights_without_a_price_but_never_a_priced_entitlement()
    {
        await using var engine = await EngineHarness.StartAsync();
        var free = await new MoneyData(engine).ModelAsync("Free Meetings", free: true);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => engine.SendAsync(s => s.Send(new CreateEntitlement(free, "Free", 10, 5m, "USD"))));
        var unpriced = await engine.SendAsync(s => s.Send(new CreateEntitlement(free, "Free", 10, 0m, "USD")));

        Assert.Equal([nameof(CreateEntitlement.UnitPrice)], refused.Errors.Keys);
        Assert.Equal(
            "'Cisco Webex Free Meetings' is a free model: free licenses are never priced, so its entitlements must have a UnitPrice of 0.",
            refused.Errors[nameof(CreateEntitlement.UnitPrice)][0]);
        Assert.Equal(10, unpriced.RightsOwned);
    }

    [Fact]
    public async Task The_entitlements_of_one_model_share_one_currency()
    {
        await using var engine = await EngineHarness.StartAsync();
        var data = new MoneyData(engine);
        var calling = await data.ModelAsync("Calling Professional");
        var meetings = await data.ModelAsync("Meetings");
        var usd = await engine.SendAsync(s => s.Send(new CreateEntitlement(calling, "Calling USD", 10, 100m, "USD")));

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => engine.SendAsync(s => s.Send(new CreateEntitlement(calling, "Calling EUR", 10, 90m, "EUR"))));
        var otherModel = await engine.SendAsync(s => s.Send(new CreateEntitlement(meetings, "Meetings EUR", 10, 90m, "EUR")));
        var ownChange = await engine.SendAsync(s => s.Send(new UpdateEntitlement(usd.Id, usd.Version, calling, "Calling EUR", 10, 90m, "EUR")));

        Assert.Equal([nameof(CreateEntitlement.Currency)], refused.Errors.Keys);
        Assert.Contains("priced in USD", refused.Errors[nameof(CreateEntitlement.Currency)][0], StringComparison.Ordinal);
        Assert.Equal("EUR", otherModel.Currency);
        Assert.Equal("EUR", ownChange.Currency);
    }

    [Fact]
    public async Task Update_with_the_current_version_saves_and_bumps_the_version_and_a_stale_one_is_a_conflict()
    {
        await using var engine = await EngineHarness.StartAsync();
        var calling = await new MoneyData(engine).ModelAsync("Calling Professional");
        var created = await engine.SendAsync(s => s.Send(new CreateEntitlement(calling, "Calling", 10, 100m, "USD")));

        var updated = await engine.SendAsync(s => s.Send(new UpdateEntitlement(created.Id, created.Version, calling, "Calling", 12, 95m, "USD")), operatorName: "bob");
        var conflict = await Assert.ThrowsAsync<RequestConflictException>(() => engine.SendAsync(s => s.Send(
            new UpdateEntitlement(created.Id, created.Version, calling, "Calling", 99, 1m, "USD"))));

        Assert.Equal((12, 95m, 2), (updated.RightsOwned, updated.UnitPrice, updated.Version));
        Assert.Equal((nameof(UpdateEntitlement), "Version"), (conflict.RequestName, conflict.Field));
        Assert.Contains("you sent version 1, it is now at version 2", conflict.Message, StringComparison.Ordinal);
        var stored = await engine.QueryDbAsync(db => db.Entitlements.SingleAsync());
        Assert.Equal((12, 95m, 2), (stored.RightsOwned, stored.UnitPrice, stored.Version));
        var audit = await engine.QueryDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == nameof(UpdateEntitlement)));
        Assert.Equal(("bob", "Modified"), (audit.Actor, audit.Change));
        Assert.Equal(10, JsonDocument.Parse(audit.Before!).RootElement.GetProperty(nameof(Entitlement.RightsOwned)).GetInt32());
    }

    [Fact]
    public async Task Delete_needs_the_current_version_and_a_missing_entitlement_is_not_found()
    {
        await using var engine = await EngineHarness.StartAsync();
        var calling = await new MoneyData(engine).ModelAsync("Calling Professional");
        var created = await engine.SendAsync(s => s.Send(new CreateEntitlement(calling, "Calling", 10, 100m, "USD")));
        var updated = await engine.SendAsync(s => s.Send(new UpdateEntitlement(created.Id, created.Version, calling, "Calling", 11, 100m, "USD")));

        var conflict = await Assert.ThrowsAsync<RequestConflictException>(() => engine.SendAsync(s => s.Send(new DeleteEntitlement(created.Id, created.Version))));
        Assert.Single(await engine.QueryDbAsync(db => db.Entitlements.ToListAsync()));

        var deleted = await engine.SendAsync(s => s.Send(new DeleteEntitlement(updated.Id, updated.Version)));
        var missing = await Assert.ThrowsAsync<RequestNotFoundException>(() => engine.SendAsync(s => s.Send(new DeleteEntitlement(created.Id, updated.Version))));

        Assert.Equal("Version", conflict.Field);
        Assert.Equal((created.Id, "Calling"), (deleted.EntitlementId, deleted.Name));
        Assert.Empty(await engine.QueryDbAsync(db => db.Entitlements.ToListAsync()));
        Assert.Equal("EntitlementId", missing.Field);
        Assert.Equal("Deleted", (await engine.QueryDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == nameof(DeleteEntitlement)))).Change);
    }

    [Fact]
    public async Task List_filters_by_model_pages_and_tells_which_entitlements_are_in_force()
    {
        await using var engine = await EngineHarness.StartAsync();
        var data = new MoneyData(engine);
        var calling = await data.ModelAsync("Calling Professional");
        var meetings = await data.ModelAsync("Meetings");
        await engine.SendAsync(s => s.Send(new CreateEntitlement(calling, "B current", 10, 100m, "USD")));
        await engine.SendAsync(s => s.Send(new CreateEntitlement(calling, "A expired", 10, 100m, "USD", EndsAt: EngineHarness.Start.AddDays(-1))));
        await engine.SendAsync(s => s.Send(new CreateEntitlement(calling, "C future", 10, 100m, "USD", StartsAt: EngineHarness.Start.AddDays(1))));
        await engine.SendAsync(s => s.Send(new CreateEntitlement(meetings, "Meetings", 5, 50m, "USD")));

        var first = await engine.SendAsync(s => s.Send(new ListEntitlements(calling, Take: 2)));
        var second = await engine.SendAsync(s => s.Send(new ListEntitlements(calling, Skip: 2, Take: 2)));
        var all = await engine.SendAsync(s => s.Send(new ListEntitlements()));
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => engine.SendAsync(s => s.Send(new ListEntitlements(Take: 0))));

        Assert.Equal(3, first.Total);
        Assert.Equal([("A expired", false), ("B current", true)], first.Items.Select(e => (e.Name, e.InForce)));
        Assert.Equal([("C future", false)], second.Items.Select(e => (e.Name, e.InForce)));
        Assert.Equal(4, all.Total);
        Assert.Equal([nameof(ListEntitlements.Take)], refused.Errors.Keys);
    }
}
