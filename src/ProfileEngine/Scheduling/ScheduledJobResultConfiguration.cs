using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProfileEngine.Scheduling;

/// <summary>How <see cref="ScheduledJobResult"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class ScheduledJobResultConfiguration : IEntityTypeConfiguration<ScheduledJobResult>
{
    public void Configure(EntityTypeBuilder<ScheduledJobResult> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("ScheduledJobResults");
        builder.HasIndex(r => new { r.ProfileId, r.StartedAt });
        builder.HasIndex(r => r.StartedAt);
        builder.Property(r => r.Process).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.JobName).HasMaxLength(300);
        builder.Property(r => r.FiredBy).HasMaxLength(300);
        builder.Property(r => r.WorkflowDefinitionId).HasMaxLength(200);
        builder.Property(r => r.WorkflowInstanceId).HasMaxLength(100);
        builder.Property(r => r.Error).HasMaxLength(4000);
    }
}
