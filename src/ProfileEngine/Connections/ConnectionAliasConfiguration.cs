using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProfileEngine.Audit;

namespace ProfileEngine.Connections;

/// <summary>How <see cref="ConnectionAlias"/> is stored (applied by <see cref="Persistence.ProfileEngineDbContext"/>).</summary>
public sealed class ConnectionAliasConfiguration : IEntityTypeConfiguration<ConnectionAlias>
{
    public void Configure(EntityTypeBuilder<ConnectionAlias> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("ConnectionAliases");
        builder.Property(a => a.Name).HasMaxLength(100);
        builder.HasIndex(a => a.Name).IsUnique();
        builder.Property(a => a.RequiredScopes).HasMaxLength(1000);
        builder.HasOne(a => a.ParentAlias).WithMany().HasForeignKey(a => a.ParentAliasId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(a => a.IsParent);
        builder.Ignore(a => a.RequiredScopeList);
    }
}
