using System.Text.Json;
using ProfileEngine.Audit;
using ProfileEngine.Persistence;

namespace ProfileEngine.Users;

/// <summary>
/// Identity's records are not <see cref="IAudited"/> entities of ours, so user changes add their audit row
/// themselves, in the same transaction. Never a password or a hash: only names and roles.
/// </summary>
internal static class UserAudit
{
    public static void Add(ProfileEngineDbContext db, string actor, string action, DateTimeOffset at, string userId, string change, object? before, object after) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = at,
            Actor = actor,
            Action = action,
            EntityType = "User",
            EntityId = userId,
            Change = change,
            Before = before is null ? null : JsonSerializer.Serialize(before),
            After = JsonSerializer.Serialize(after),
        });
}
