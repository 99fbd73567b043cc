using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProfileEngine.UserActivity;

/// <summary>How <see cref="LastActivity"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class LastActivityConfiguration : IEntityTypeConfiguration<LastActivity>
{
    public void Configure(EntityTypeBuilder<LastActivity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable(LastActivity.Table);
        builder.HasKey(a => new { a.ProfileId, a.ExternalUserId, a.Product });
        builder.Property(a => a.ExternalUserId).HasMaxLength(200);
        builder.Property(a => a.Product).HasMaxLength(100);
    }
}
