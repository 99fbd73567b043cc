using ProfileEngine.Audit;
using ProfileEngine.Profiles;
using ProfileEngine.Reclamation;
using ProfileEngine.Reconciliation;
using ProfileEngine.Subscriptions;
using ProfileEngine.Tests.Profiles;
using ProfileEngine.Tests.Support;

namespace ProfileEngine.Tests.Reconciliation;

/// <summary>Seeds models, subscriptions, entitlements, rules and candidates straight into the engine's database.</summary>
public sealed class MoneyData(EngineHarness engine)
{
    private int _nextUser;
    private bool _subflowsImported;

    public DateTimeOffset Now => engine.Clock.GetUtcNow();

    public async Task<Guid> ModelAsync(string edition, bool free = false, decimal? listPrice = null)
    {
        var model = new SoftwareModel
        {
            Id = Guid.NewGuid(),
            ProfileType = "Webex Subscription",
            Publisher = "Cisco",
            Product = "Webex",
            Edition = edition,
            IsFree = free,
            UnitPrice = listPrice,
            CreatedAt = Now,
            UpdatedAt = Now,
        };
        await SaveAsync(model);
        return model.Id;
    }

    /// <summary>A real profile (through CreateProfile), so its display name is known.</summary>
    public async Task<Guid> ProfileAsync(string name)
    {
        if (!_subflowsImported)
        {
            await TestSubflows.ImportAllAsync(engine);
            _subflowsImported = true;
        }

        return (await engine.SendAsync(s => s.Send(new CreateProfile(name)))).Id;
    }

    /// <param name="daysSinceActivity">Null: never active.</param>
    public async Task SubscriptionsAsync(
        Guid profileId, Guid modelId, int count = 1, double? daysSinceActivity = 0, bool active = true, bool excluded = false, double createdDaysAgo = 365)
    {
        var rows = Enumerable.Range(0, count).Select(_ => new SoftwareSubscription
        {
            ProfileId = profileId,
            ExternalUserId = $"person-{++_nextUser}",
            UserPrincipalName = $"person{_nextUser}@example.com",
            Identifier = $"license-{modelId:N}",
            ModelId = modelId,
            ExternalCreated = Now.AddDays(-createdDaysAgo),
            LastActivity = daysSinceActivity is { } days ? Now.AddDays(-days) : null,
            Active = active,
            Excluded = excluded,
            FirstSeenAt = Now.AddDays(-createdDaysAgo),
            UpdatedAt = Now,
        });
        await SaveAsync([.. rows]);
    }

    public async Task EntitlementAsync(
        Guid modelId, int rights, decimal unitPrice, string currency = "USD", EntitlementTerm term = EntitlementTerm.Annual,
        DateTimeOffset? startsAt = null, DateTimeOffset? endsAt = null)
    {
        await SaveAsync(new Entitlement
        {
            Id = Guid.NewGuid(),
            ModelId = modelId,
            Name = $"{rights} rights",
            RightsOwned = rights,
            UnitPrice = unitPrice,
            Currency = currency,
            Term = term,
            StartsAt = startsAt,
            EndsAt = endsAt,
            CreatedAt = Now,
            UpdatedAt = Now,
            Version = 1,
        });
    }

    public async Task RuleAsync(Guid profileId, Guid? modelId, int thresholdDays, bool active = true) =>
        await SaveAsync(new ReclamationRule
        {
            Id = Guid.NewGuid(),
            Name = $"{thresholdDays} days",
            ProfileId = profileId,
            ModelId = modelId,
            LastActivityThresholdDays = thresholdDays,
            Active = active,
            CreatedAt = Now,
            UpdatedAt = Now,
        });

    public async Task CandidateAsync(
        Guid profileId, Guid modelId, CandidateState state, decimal potentialSavings, DateTimeOffset? closedAt = null, decimal? actualSavings = null,
        string currency = "USD") =>
        await SaveAsync(new RemovalCandidate
        {
            ProfileId = profileId,
            ProfileName = "Seeded",
            ExternalUserId = $"candidate-{++_nextUser}",
            Identifier = $"license-{modelId:N}",
            ModelId = modelId,
            State = state,
            PotentialSavings = potentialSavings,
            ActualSavings = actualSavings,
            Currency = currency,
            OpenedAt = Now.AddDays(-100),
            ClosedAt = closedAt,
            UpdatedAt = Now,
            Version = 1,
        });

    private Task<int> SaveAsync(params object[] records) =>
        engine.QueryDbAsync(async db =>
        {
            // Entitlements and rules are audited records: seeding them needs an audit scope like any change.
            using var scope = AuditScope.Begin(new AuditScope("test-seed", "Seed", Now));
            db.AddRange(records);
            return await db.SaveChangesAsync();
        });
}
