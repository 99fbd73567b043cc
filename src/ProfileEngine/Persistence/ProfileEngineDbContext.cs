using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ProfileEngine.UserActivity;
using ProfileEngine.Audit;
using ProfileEngine.Connections;
using ProfileEngine.Notifications;
using ProfileEngine.Profiles;
using ProfileEngine.Reclamation;
using ProfileEngine.Reconciliation;
using ProfileEngine.Scheduling;
using ProfileEngine.Subscriptions;
using ProfileEngine.Users;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Persistence;

/// <summary>
/// The engine's database: one SQLite file under the data folder by default; the model stays provider-neutral so
/// PostgreSQL can take over. Every save of an audited record adds its audit rows to the same save (one transaction).
/// ASP.NET Core Identity's users and roles live here too, so sign-in needs no second store.
/// </summary>
public class ProfileEngineDbContext(DbContextOptions<ProfileEngineDbContext> options) : IdentityDbContext<IdentityUser>(options)
{
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<ConnectionAlias> ConnectionAliases => Set<ConnectionAlias>();

    public DbSet<Connection> Connections => Set<Connection>();

    public DbSet<OAuthAuthorization> OAuthAuthorizations => Set<OAuthAuthorization>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<IntegrationProfile> IntegrationProfiles => Set<IntegrationProfile>();

    public DbSet<ProfileJob> ProfileJobs => Set<ProfileJob>();

    public DbSet<ScheduledJobResult> ScheduledJobResults => Set<ScheduledJobResult>();

    public DbSet<LastActivity> UserActivities => Set<LastActivity>();

    public DbSet<ActivityCoverage> ActivityCoverages => Set<ActivityCoverage>();

    public DbSet<SoftwareModel> SoftwareModels => Set<SoftwareModel>();

    public DbSet<ProfileLicense> ProfileLicenses => Set<ProfileLicense>();

    public DbSet<UnrecognizedSubscriptionIdentifier> UnrecognizedSubscriptionIdentifiers => Set<UnrecognizedSubscriptionIdentifier>();

    public DbSet<SoftwareSubscription> SoftwareSubscriptions => Set<SoftwareSubscription>();

    public DbSet<SubscriptionIdentifierExclusion> SubscriptionIdentifierExclusions => Set<SubscriptionIdentifierExclusion>();

    public DbSet<UserExclusion> UserExclusions => Set<UserExclusion>();

    public DbSet<SyncWatermark> SyncWatermarks => Set<SyncWatermark>();

    public DbSet<ReclamationRule> ReclamationRules => Set<ReclamationRule>();

    public DbSet<RemovalCandidate> RemovalCandidates => Set<RemovalCandidate>();

    public DbSet<CandidateWorkNote> CandidateWorkNotes => Set<CandidateWorkNote>();

    public DbSet<HolderNoticeLink> HolderNoticeLinks => Set<HolderNoticeLink>();

    public DbSet<ReclaimAllRun> ReclaimAllRuns => Set<ReclaimAllRun>();

    public DbSet<Entitlement> Entitlements => Set<Entitlement>();

    public DbSet<ReconciliationRun> ReconciliationRuns => Set<ReconciliationRun>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        AuditTrail.AddEntriesForPendingChanges(this);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        AuditTrail.AddEntriesForPendingChanges(this);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        // One IEntityTypeConfiguration<T> per entity, next to the entity in its feature folder.
        builder.ApplyConfigurationsFromAssembly(typeof(ProfileEngineDbContext).Assembly);

        // The workflow runtime's tables live in the engine's database, so an activity's data and its checkpoint
        // can commit in one transaction.
        builder.ApplyWorkflowModel();
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        if (Database.IsSqlite())
        {
            // SQLite has no date type, and EF cannot compare or order DateTimeOffset text in SQL there.
            // UTC ticks sort and compare correctly; PostgreSQL keeps its native timestamptz.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
        }
        else if (Database.IsNpgsql())
        {
            // timestamptz stores an instant and Npgsql refuses a DateTimeOffset whose offset is not zero; a vendor's time
            // parsed with its zone is the same instant in UTC.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<ToUtcConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<ToUtcConverter>();
        }
    }

    private sealed class ToUtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        value => value.ToUniversalTime(),
        value => value);

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
}
