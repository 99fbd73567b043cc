using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProfileEngine.Subscriptions;

/// <summary>How <see cref="SoftwareModel"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class SoftwareModelConfiguration : IEntityTypeConfiguration<SoftwareModel>
{
    public void Configure(EntityTypeBuilder<SoftwareModel> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("SoftwareModels");
        builder.Property(m => m.ProfileType).HasMaxLength(50);
        builder.Property(m => m.Publisher).HasMaxLength(100);
        builder.Property(m => m.Product).HasMaxLength(200);
        builder.Property(m => m.Edition).HasMaxLength(300);
        builder.Property(m => m.CatalogKey).HasMaxLength(100);
        builder.Property(m => m.SiteUrl).HasMaxLength(300);
        builder.Property(m => m.UnitPrice).HasPrecision(18, 2);
        builder.HasIndex(m => new { m.Publisher, m.Product, m.Edition }).IsUnique();
        builder.HasIndex(m => new { m.CatalogKey, m.SiteUrl });
    }
}
