using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProfileEngine.Subscriptions;

/// <summary>How <see cref="ProfileLicense"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class ProfileLicenseConfiguration : IEntityTypeConfiguration<ProfileLicense>
{
    public void Configure(EntityTypeBuilder<ProfileLicense> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("ProfileLicenses");
        builder.Property(l => l.Identifier).HasMaxLength(500);
        builder.Property(l => l.Name).HasMaxLength(300);
        builder.Property(l => l.CatalogKey).HasMaxLength(100);
        builder.Property(l => l.VendorSubscriptionId).HasMaxLength(200);
        builder.Property(l => l.SiteUrl).HasMaxLength(300);
        builder.HasIndex(l => new { l.ProfileId, l.Identifier }).IsUnique();
        builder.HasIndex(l => l.ModelId);
        builder.HasOne<SoftwareModel>().WithMany().HasForeignKey(l => l.ModelId).OnDelete(DeleteBehavior.SetNull);
    }
}
