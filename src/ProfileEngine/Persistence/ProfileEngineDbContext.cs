using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ProfileEngine.Activity;
using ProfileEngine.Audit;
using ProfileEngine.Connections;
using ProfileEngine.Profiles;
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

    public DbSet<UserActivity> UserActivities => Set<UserActivity>();

    public DbSet<SoftwareModel> SoftwareModels => Set<SoftwareModel>();

    public DbSet<ProfileLicense> ProfileLicenses => Set<ProfileLicense>();

    public DbSet<UnrecognizedSubscriptionIdentifier> UnrecognizedSubscriptionIdentifiers => Set<UnrecognizedSubscriptionIdentifier>();

    public DbSet<SoftwareSubscription> SoftwareSubscriptions => Set<SoftwareSubscription>();

    public DbSet<SubscriptionIdentifierExclusion> SubscriptionIdentifierExclusions => Set<SubscriptionIdentifierExclusion>();

    public DbSet<UserExclusion> UserExclusions => Set<UserExclusion>();

    public DbSet<SyncWatermark> SyncWatermarks => Set<SyncWatermark>();

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

    [SuppressMessage("Naming", "CA1725:Parameter names should match base declaration", Justification = "Kept as EF Core's DbContext names it.")]
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        base.OnModelCreating(modelBuilder);
        ApiToken.Configure(modelBuilder);
        AuditEntry.Configure(modelBuilder);
        ConnectionAlias.Configure(modelBuilder);
        Connection.Configure(modelBuilder);
        OAuthAuthorization.Configure(modelBuilder);
        IntegrationProfile.Configure(modelBuilder);
        ProfileJob.Configure(modelBuilder);
        ScheduledJobResult.Configure(modelBuilder);
        UserActivity.Configure(modelBuilder);

        SoftwareModel.Configure(modelBuilder);
        ProfileLicense.Configure(modelBuilder);
        UnrecognizedSubscriptionIdentifier.Configure(modelBuilder);
        SoftwareSubscription.Configure(modelBuilder);
        SubscriptionIdentifierExclusion.Configure(modelBuilder);
        UserExclusion.Configure(modelBuilder);
        SyncWatermark.Configure(modelBuilder);

        // The workflow runtime's tables live in the engine's database, so an activity's data and its checkpoint
        // can commit in one transaction.
        modelBuilder.ApplyWorkflowModel();
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
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
}
