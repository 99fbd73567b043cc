using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProfileEngine.Subscriptions;

/// <summary>How <see cref="SyncWatermark"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class SyncWatermarkConfiguration : IEntityTypeConfiguration<SyncWatermark>
{
    public void Configure(EntityTypeBuilder<SyncWatermark> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("SyncWatermarks");
        builder.HasKey(w => new { w.ProfileId, w.Stream });
        builder.Property(w => w.Stream).HasMaxLength(100);
    }
}
