using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProfileEngine.Audit;

namespace ProfileEngine.Subscriptions;

/// <summary>How <see cref="UserExclusion"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class UserExclusionConfiguration : IEntityTypeConfiguration<UserExclusion>
{
    public void Configure(EntityTypeBuilder<UserExclusion> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("UserExclusions");
        builder.Property(r => r.UserPrincipalName).HasMaxLength(320);
        builder.Property(r => r.Reason).HasMaxLength(1000);
        builder.Property(r => r.CreatedBy).HasMaxLength(200);
        builder.HasIndex(r => r.UserPrincipalName).IsUnique();
    }
}
