using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connectors.Webex.Connections;
using ProfileEngine.Persistence;
using ProfileEngine.Reclamation;

namespace ProfileEngine.Connectors.Webex.Reclamation;

/// <summary>The candidate a Webex reclaim works on (<see cref="ReclaimCandidate"/>), with a client for its profile's connection.</summary>
internal static class ReclaimTarget
{
    public static Task<ReclaimCandidate?> LoadAsync(IDbContextFactory<ProfileEngineDbContext> databases, long candidateId, CancellationToken cancellationToken) =>
        ReclaimCandidate.LoadAsync(databases, candidateId, cancellationToken);

    public static Task<WebexClient> ClientAsync(this ReclaimCandidate target, ConnectedWebexClients clients, CancellationToken cancellationToken) =>
        clients.CreateAsync(target.AliasName, cancellationToken);

    public static Task RecordReclaimedAsync(DbContext db, long candidateId, string note, DateTimeOffset now, CancellationToken cancellationToken) =>
        ReclaimSteps.RecordReclaimedAsync(db, candidateId, note, now, cancellationToken);

    public static Task RecordFailedAsync(DbContext db, long candidateId, string message, string? trackingId, DateTimeOffset now, CancellationToken cancellationToken) =>
        ReclaimSteps.RecordFailedAsync(db, candidateId, message, trackingId, now, cancellationToken);

    public static string Describe(WebexApiException e)
    {
        var errors = string.Join("; ", e.Errors.Select(d => d.ErrorCode is { } code ? $"{code}: {d.Description}" : d.Description).Where(t => !string.IsNullOrWhiteSpace(t)));
        return $"Webex answered {(int?)e.StatusCode} to {e.Method} {e.Path}: {e.VendorMessage ?? e.Message}{(errors.Length == 0 ? "" : $" ({errors})")}";
    }
}
