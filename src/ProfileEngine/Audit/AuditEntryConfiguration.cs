using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProfileEngine.Audit;

/// <summary>How <see cref="AuditEntry"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("AuditEntries");
        builder.Property(e => e.Actor).HasMaxLength(200);
        builder.Property(e => e.Action).HasMaxLength(100);
        builder.Property(e => e.EntityType).HasMaxLength(100);
        // Wide enough for "<profile id>/<license id>" (a vendor's license id may be a long base64 string).
        builder.Property(e => e.EntityId).HasMaxLength(400);
        builder.Property(e => e.Change).HasMaxLength(20);
        builder.HasIndex(e => new { e.EntityType, e.EntityId, e.At });
        builder.HasIndex(e => e.At);
    }
}
