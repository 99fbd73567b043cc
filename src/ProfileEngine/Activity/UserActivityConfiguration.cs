using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProfileEngine.Activity;

/// <summary>How <see cref="UserActivity"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class UserActivityConfiguration : IEntityTypeConfiguration<UserActivity>
{
    public void Configure(EntityTypeBuilder<UserActivity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable(UserActivity.Table);
        builder.HasKey(a => new { a.ProfileId, a.ExternalUserId, a.Product });
        builder.Property(a => a.ExternalUserId).HasMaxLength(200);
        builder.Property(a => a.Product).HasMaxLength(100);
    }
}
