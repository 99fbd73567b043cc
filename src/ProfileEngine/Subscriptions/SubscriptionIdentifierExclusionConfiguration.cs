using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProfileEngine.Audit;

namespace ProfileEngine.Subscriptions;

/// <summary>How <see cref="SubscriptionIdentifierExclusion"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class SubscriptionIdentifierExclusionConfiguration : IEntityTypeConfiguration<SubscriptionIdentifierExclusion>
{
    public void Configure(EntityTypeBuilder<SubscriptionIdentifierExclusion> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("SubscriptionIdentifierExclusions");
        builder.Property(r => r.ProfileType).HasMaxLength(50);
        builder.Property(r => r.Identifier).HasMaxLength(500);
        builder.Property(r => r.CreatedBy).HasMaxLength(200);
        builder.HasIndex(r => new { r.ProfileType, r.Identifier }).IsUnique();
    }
}
