using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProfileEngine.Audit;
using ProfileEngine.Subscriptions;

namespace ProfileEngine.Reconciliation;

/// <summary>How <see cref="Entitlement"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class EntitlementConfiguration : IEntityTypeConfiguration<Entitlement>
{
    public void Configure(EntityTypeBuilder<Entitlement> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("Entitlements");
        builder.Ignore(e => e.AnnualUnitPrice);
        builder.Property(e => e.Name).HasMaxLength(200);
        builder.Property(e => e.UnitPrice).HasPrecision(18, 2);
        builder.Property(e => e.Currency).HasMaxLength(3);
        builder.Property(e => e.Term).HasConversion<string>().HasMaxLength(10);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.HasIndex(e => e.ModelId);
        builder.HasOne<SoftwareModel>().WithMany().HasForeignKey(e => e.ModelId).OnDelete(DeleteBehavior.Restrict);
    }
}
