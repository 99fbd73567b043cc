using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProfileEngine.UserActivity;

/// <summary>How <see cref="ActivityCoverage"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class ActivityCoverageConfiguration : IEntityTypeConfiguration<ActivityCoverage>
{
    public void Configure(EntityTypeBuilder<ActivityCoverage> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("ActivityCoverages");
        builder.HasKey(c => new { c.ProfileId, c.Product });
        builder.Property(c => c.Product).HasMaxLength(100);
        builder.Ignore(c => c.KnownDays);
    }
}
