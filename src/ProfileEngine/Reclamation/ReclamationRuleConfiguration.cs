using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProfileEngine.Audit;

namespace ProfileEngine.Reclamation;

/// <summary>How <see cref="ReclamationRule"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class ReclamationRuleConfiguration : IEntityTypeConfiguration<ReclamationRule>
{
    public void Configure(EntityTypeBuilder<ReclamationRule> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("ReclamationRules");
        builder.Property(r => r.Name).HasMaxLength(200);
        builder.Property(r => r.AssignmentGroup).HasMaxLength(200);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => new { r.ProfileId, r.ModelId });
    }
}
