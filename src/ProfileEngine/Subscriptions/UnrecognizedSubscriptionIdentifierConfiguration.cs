using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProfileEngine.Subscriptions;

/// <summary>How <see cref="UnrecognizedSubscriptionIdentifier"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class UnrecognizedSubscriptionIdentifierConfiguration : IEntityTypeConfiguration<UnrecognizedSubscriptionIdentifier>
{
    public void Configure(EntityTypeBuilder<UnrecognizedSubscriptionIdentifier> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("UnrecognizedSubscriptionIdentifiers");
        builder.Property(u => u.Identifier).HasMaxLength(500);
        builder.Property(u => u.Name).HasMaxLength(300);
        builder.Property(u => u.MappedBy).HasMaxLength(200);
        builder.HasIndex(u => new { u.ProfileId, u.Identifier }).IsUnique();
        builder.HasOne<SoftwareModel>().WithMany().HasForeignKey(u => u.MappedModelId).OnDelete(DeleteBehavior.SetNull);
    }
}
