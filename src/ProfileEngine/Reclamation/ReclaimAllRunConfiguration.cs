using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProfileEngine.Reclamation;

/// <summary>How <see cref="ReclaimAllRun"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class ReclaimAllRunConfiguration : IEntityTypeConfiguration<ReclaimAllRun>
{
    public void Configure(EntityTypeBuilder<ReclaimAllRun> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("ReclaimAllRuns");
        builder.Property(r => r.AssignmentGroup).HasMaxLength(200);
        builder.Property(r => r.Note).HasMaxLength(4000);
        builder.Property(r => r.RequestedBy).HasMaxLength(200);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Problems).HasMaxLength(8000);
        builder.HasIndex(r => r.RequestedAt);
    }
}
