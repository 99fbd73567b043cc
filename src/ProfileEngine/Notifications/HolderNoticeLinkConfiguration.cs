using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProfileEngine.Notifications;

/// <summary>How <see cref="HolderNoticeLink"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class HolderNoticeLinkConfiguration : IEntityTypeConfiguration<HolderNoticeLink>
{
    public void Configure(EntityTypeBuilder<HolderNoticeLink> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("HolderNoticeLinks");
        builder.Property(l => l.Answer).HasMaxLength(10);
        builder.HasIndex(l => l.CandidateId);
    }
}
