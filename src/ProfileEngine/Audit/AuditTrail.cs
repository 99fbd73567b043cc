using System.Reflection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ProfileEngine.Audit;

/// <summary>Turns the pending changes of audited records into <see cref="AuditEntry"/> rows, added to the same save.</summary>
internal static class AuditTrail
{
    private const string Mask = "***";

    public static void AddEntriesForPendingChanges(DbContext context)
    {
        var changed = context.ChangeTracker.Entries()
            .Where(e => e.Entity is IAudited && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        if (changed.Count == 0)
        {
            return;
        }

        var scope = AuditScope.Current ?? throw new InvalidOperationException(
            $"{string.Join(", ", changed.Select(e => e.Metadata.ClrType.Name).Distinct())} changed outside an audited command; " +
            "send the change through a Mediator command that implements IAuditedCommand so it gets its audit row.");

        foreach (var entry in changed)
        {
            context.Add(new AuditEntry
            {
                At = scope.At,
                Actor = scope.Actor,
                Action = scope.Action,
                EntityType = entry.Metadata.ClrType.Name,
                EntityId = KeyOf(entry),
                Change = entry.State.ToString(),
                Before = entry.State == EntityState.Added ? null : Snapshot(entry, original: true),
                After = entry.State == EntityState.Deleted ? null : Snapshot(entry, original: false),
            });
        }
    }

    private static string KeyOf(EntityEntry entry) =>
        string.Join("/", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, System.Globalization.CultureInfo.InvariantCulture)));

    private static string Snapshot(EntityEntry entry, bool original)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in entry.Properties)
        {
            var value = original ? property.OriginalValue : property.CurrentValue;
            var masked = property.Metadata.PropertyInfo?.GetCustomAttribute<MaskedInAuditAttribute>() is not null;
            values[property.Metadata.Name] = masked ? (value is null or "" ? null : Mask) : value is Enum ? value.ToString() : value;
        }

        return JsonSerializer.Serialize(values);
    }
}
