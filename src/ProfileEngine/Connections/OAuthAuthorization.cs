using Microsoft.EntityFrameworkCore;
using ProfileEngine.Audit;

namespace ProfileEngine.Connections;

/// <summary>
/// One started Connect: the OAuth <c>state</c> handed to Webex, bound to the operator who started it and the
/// alias it is for, single use and short-lived. Only the SHA-256 of the state is stored, so a copy of the
/// database cannot be used to complete someone else's sign-in.
/// </summary>
public sealed class OAuthAuthorization : IAudited
{
    public Guid Id { get; set; }

    [MaskedInAudit]
    public required string StateHash { get; set; }

    public Guid AliasId { get; set; }

    public required string Operator { get; set; }

    /// <summary>The redirect URI sent to /v1/authorize; the code exchange must send the same one.</summary>
    public required string RedirectUri { get; set; }

    public required string RequestedScopes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }

    internal static void Configure(ModelBuilder modelBuilder)
    {
        var authorization = modelBuilder.Entity<OAuthAuthorization>();
        authorization.ToTable("OAuthAuthorizations");
        authorization.Property(a => a.StateHash).HasMaxLength(64);
        authorization.HasIndex(a => a.StateHash).IsUnique();
        authorization.Property(a => a.Operator).HasMaxLength(200);
        authorization.Property(a => a.RedirectUri).HasMaxLength(500);
        authorization.Property(a => a.RequestedScopes).HasMaxLength(1000);
        authorization.HasOne<ConnectionAlias>().WithMany().HasForeignKey(a => a.AliasId).OnDelete(DeleteBehavior.Cascade);
        // A second redemption racing the first finds the row already changed and fails.
        authorization.Property(a => a.UsedAt).IsConcurrencyToken();
    }
}
