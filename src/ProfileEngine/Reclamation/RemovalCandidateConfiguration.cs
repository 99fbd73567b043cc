using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProfileEngine.Reclamation;

/// <summary>How <see cref="RemovalCandidate"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class RemovalCandidateConfiguration : IEntityTypeConfiguration<RemovalCandidate>
{
    public void Configure(EntityTypeBuilder<RemovalCandidate> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("RemovalCandidates");
        builder.Ignore(c => c.Number);
        builder.Ignore(c => c.NotifiesHolder);
        builder.Property(c => c.ProfileName).HasMaxLength(200);
        builder.Property(c => c.ExternalUserId).HasMaxLength(200);
        builder.Property(c => c.UserPrincipalName).HasMaxLength(320);
        builder.Property(c => c.DisplayName).HasMaxLength(300);
        builder.Property(c => c.Identifier).HasMaxLength(500);
        builder.Property(c => c.ModelName).HasMaxLength(700);
        builder.Property(c => c.State).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.Justification).HasMaxLength(50);
        builder.Property(c => c.PotentialSavings).HasPrecision(18, 2);
        builder.Property(c => c.ActualSavings).HasPrecision(18, 2);
        builder.Property(c => c.Currency).HasMaxLength(3);
        builder.Property(c => c.AssignmentGroup).HasMaxLength(200);
        builder.Property(c => c.ClosedBy).HasMaxLength(200);
        builder.Property(c => c.WorkflowInstanceId).HasMaxLength(64);
        builder.Property(c => c.HolderAnswer).HasMaxLength(10);
        builder.Property(c => c.ReclaimingInstanceId).HasMaxLength(64);
        builder.Property(c => c.VendorMessage).HasMaxLength(2000);
        builder.Property(c => c.VendorTrackingId).HasMaxLength(200);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => c.OpenSubscriptionId).IsUnique();
        builder.HasIndex(c => c.SubscriptionId);
        builder.HasIndex(c => new { c.ProfileId, c.State });
        builder.HasIndex(c => new { c.State, c.ModelId });
        builder.HasIndex(c => new { c.State, c.ClosedAt });
        builder.HasMany<CandidateWorkNote>().WithOne().HasForeignKey(n => n.CandidateId).OnDelete(DeleteBehavior.Cascade);
    }
}
