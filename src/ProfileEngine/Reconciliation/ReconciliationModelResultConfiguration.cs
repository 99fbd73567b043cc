using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProfileEngine.Reconciliation;

/// <summary>How <see cref="ReconciliationModelResult"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class ReconciliationModelResultConfiguration : IEntityTypeConfiguration<ReconciliationModelResult>
{
    public void Configure(EntityTypeBuilder<ReconciliationModelResult> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("ReconciliationModelResults");
        builder.Property(m => m.ModelName).HasMaxLength(700);
        builder.Property(m => m.Currency).HasMaxLength(3);
        foreach (var amount in new[]
                 {
                     nameof(ReconciliationModelResult.UnitPrice), nameof(ReconciliationModelResult.CurrentSpend),
                     nameof(ReconciliationModelResult.OverLicensedAmount), nameof(ReconciliationModelResult.TrueUpCost),
                     nameof(ReconciliationModelResult.PotentialSavings), nameof(ReconciliationModelResult.ActualSavingsYtd),
                     nameof(ReconciliationModelResult.ActualSavingsCumulative),
                 })
        {
            builder.Property(amount).HasPrecision(18, 2);
        }

        builder.HasIndex(m => new { m.RunId, m.ModelId }).IsUnique();
    }
}
