using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProfileEngine.Audit;
using ProfileEngine.Profiles;

namespace ProfileEngine.Scheduling;

/// <summary>How <see cref="ProfileJob"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class ProfileJobConfiguration : IEntityTypeConfiguration<ProfileJob>
{
    public void Configure(EntityTypeBuilder<ProfileJob> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("ProfileJobs");
        builder.HasOne<IntegrationProfile>().WithMany().HasForeignKey(j => j.ProfileId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(j => new { j.ProfileId, j.Process }).IsUnique();
        builder.Property(j => j.Process).HasConversion<string>().HasMaxLength(20);
        builder.Property(j => j.Name).HasMaxLength(300);
        builder.Property(j => j.QuartzKey).HasMaxLength(200);
        builder.HasIndex(j => j.QuartzKey).IsUnique();
        builder.Property(j => j.Cron).HasMaxLength(100);
        builder.Property(j => j.TimeZone).HasMaxLength(100);
        builder.Property(j => j.CreatedBy).HasMaxLength(200);
        builder.Property(j => j.LastRunRequestedBy).HasMaxLength(200);
    }
}
