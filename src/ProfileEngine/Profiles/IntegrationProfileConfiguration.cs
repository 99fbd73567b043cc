using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProfileEngine.Audit;
using ProfileEngine.Connections;

namespace ProfileEngine.Profiles;

/// <summary>How <see cref="IntegrationProfile"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class IntegrationProfileConfiguration : IEntityTypeConfiguration<IntegrationProfile>
{
    public void Configure(EntityTypeBuilder<IntegrationProfile> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("IntegrationProfiles");
        builder.Property(p => p.DisplayName).HasMaxLength(IntegrationProfileRules.MaxDisplayNameLength);
        builder.Property(p => p.NormalizedDisplayName).HasMaxLength(IntegrationProfileRules.MaxDisplayNameLength);
        builder.HasIndex(p => p.NormalizedDisplayName).IsUnique();
        builder.Property(p => p.ProfileType).HasMaxLength(50);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(p => p.Status);
        builder.HasOne(p => p.ConnectionAlias).WithMany().HasForeignKey(p => p.ConnectionAliasId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.DownloadSubflow).HasMaxLength(IntegrationProfileRules.MaxDefinitionIdLength);
        builder.Property(p => p.ActivitySubflow).HasMaxLength(IntegrationProfileRules.MaxDefinitionIdLength);
        builder.Property(p => p.ReclaimSubflow).HasMaxLength(IntegrationProfileRules.MaxDefinitionIdLength);
        builder.Property(p => p.ValidatedBy).HasMaxLength(200);
        builder.Property(p => p.ValidationFingerprint).HasMaxLength(64);
        builder.Property(p => p.PublishedBy).HasMaxLength(200);
        builder.Property(p => p.CreatedBy).HasMaxLength(200);
        builder.Property(p => p.Version).IsConcurrencyToken();
    }
}
