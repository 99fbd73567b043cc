using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProfileEngine.Audit;

namespace ProfileEngine.Connections;

/// <summary>How <see cref="OAuthAuthorization"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class OAuthAuthorizationConfiguration : IEntityTypeConfiguration<OAuthAuthorization>
{
    public void Configure(EntityTypeBuilder<OAuthAuthorization> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("OAuthAuthorizations");
        builder.Property(a => a.StateHash).HasMaxLength(64);
        builder.HasIndex(a => a.StateHash).IsUnique();
        builder.Property(a => a.Operator).HasMaxLength(200);
        builder.Property(a => a.RedirectUri).HasMaxLength(500);
        builder.Property(a => a.RequestedScopes).HasMaxLength(1000);
        builder.HasOne<ConnectionAlias>().WithMany().HasForeignKey(a => a.AliasId).OnDelete(DeleteBehavior.Cascade);
        // A second redemption racing the first finds the row already changed and fails.
        builder.Property(a => a.UsedAt).IsConcurrencyToken();
    }
}
