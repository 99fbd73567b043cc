using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProfileEngine.Reconciliation;

/// <summary>How <see cref="ReconciliationRun"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class ReconciliationRunConfiguration : IEntityTypeConfiguration<ReconciliationRun>
{
    public void Configure(EntityTypeBuilder<ReconciliationRun> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("ReconciliationRuns");
        builder.Property(r => r.RunBy).HasMaxLength(200);
        builder.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(r => r.At);
        builder.HasMany(r => r.Models).WithOne().HasForeignKey(m => m.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
