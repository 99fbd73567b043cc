using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProfileEngine.Audit;

namespace ProfileEngine.Connections;

/// <summary>How <see cref="Connection"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class ConnectionConfiguration : IEntityTypeConfiguration<Connection>
{
    public void Configure(EntityTypeBuilder<Connection> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("Connections");
        builder.HasOne(c => c.Alias).WithOne().HasForeignKey<Connection>(c => c.AliasId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.AliasId).IsUnique();
        builder.Property(c => c.BaseUrl).HasMaxLength(500);
        builder.Property(c => c.ClientId).HasMaxLength(200);
        builder.Property(c => c.RedirectUri).HasMaxLength(500);
        builder.Property(c => c.GrantedScopes).HasMaxLength(2000);
        builder.Property(c => c.OrgId).HasMaxLength(200);
        builder.Property(c => c.ConnectedBy).HasMaxLength(200);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(30);
        // Connections stored before sign-in methods existed all used the authorization code.
        builder.Property(c => c.Method).HasConversion<string>().HasMaxLength(30).HasDefaultValue(ConnectionMethod.AuthorizationCode);
        builder.Property(c => c.TokenUrl).HasMaxLength(500);
        // Two refreshes racing to store rotated tokens must not silently overwrite each other.
        builder.Property(c => c.UpdatedAt).IsConcurrencyToken();
    }
}
