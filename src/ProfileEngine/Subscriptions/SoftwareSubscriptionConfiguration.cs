using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProfileEngine.Subscriptions;

/// <summary>How <see cref="SoftwareSubscription"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class SoftwareSubscriptionConfiguration : IEntityTypeConfiguration<SoftwareSubscription>
{
    public void Configure(EntityTypeBuilder<SoftwareSubscription> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("SoftwareSubscriptions");
        builder.Property(s => s.ExternalUserId).HasMaxLength(200);
        builder.Property(s => s.UserPrincipalName).HasMaxLength(320);
        builder.Property(s => s.DisplayName).HasMaxLength(300);
        builder.Property(s => s.Identifier).HasMaxLength(500);
        builder.Property(s => s.Roles).HasMaxLength(2000);
        builder.Property(s => s.TimeZone).HasMaxLength(100);
        builder.Property(s => s.UserType).HasMaxLength(20);
        builder.Property(s => s.UserStatus).HasMaxLength(30);
        builder.HasIndex(s => new { s.ProfileId, s.ExternalUserId, s.Identifier }).IsUnique();
        builder.HasIndex(s => new { s.ProfileId, s.Identifier });
        builder.HasIndex(s => new { s.ProfileId, s.ModelId });
        builder.HasIndex(s => new { s.ProfileId, s.Active, s.LastActivity });
        builder.HasIndex(s => new { s.ProfileId, s.UserPrincipalName });
        builder.HasOne<SoftwareModel>().WithMany().HasForeignKey(s => s.ModelId).OnDelete(DeleteBehavior.SetNull);
    }
}
