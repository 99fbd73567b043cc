using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ProfileEngine.Workflows.Persistence;

/// <summary>Adds the runtime's tables to any DbContext: the engine's main context calls this in OnModelCreating.</summary>
public static class WorkflowModelBuilderExtensions
{
    // Times are stored as UTC milliseconds so due-time and ordering queries translate on every provider (SQLite
    // cannot compare DateTimeOffset text).
    private static readonly ValueConverter<DateTimeOffset, long> Millis =
        new(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));

    private static readonly ValueConverter<DateTimeOffset?, long?> NullableMillis =
        new(v => v.HasValue ? v.Value.ToUnixTimeMilliseconds() : null, v => v.HasValue ? DateTimeOffset.FromUnixTimeMilliseconds(v.Value) : null);

    public static ModelBuilder ApplyWorkflowModel(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<WorkflowDefinitionRecord>(e =>
        {
            e.ToTable("WorkflowDefinitions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.DefinitionId, x.Version }).IsUnique();
            e.HasIndex(x => new { x.DefinitionId, x.IsPublished });
            e.Property(x => x.CreatedAt).HasConversion(Millis);
            e.Property(x => x.PublishedAt).HasConversion(NullableMillis);
        });
        modelBuilder.Entity<WorkflowInstanceRecord>(e =>
        {
            e.ToTable("WorkflowInstances");
            e.HasKey(x => x.Id);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => new { x.Status, x.DefinitionId });
            e.HasIndex(x => x.CorrelationId);
            e.Property(x => x.CreatedAt).HasConversion(Millis);
            e.Property(x => x.UpdatedAt).HasConversion(Millis);
            e.Property(x => x.FinishedAt).HasConversion(NullableMillis);
            e.Property(x => x.OwnerNodeId).HasMaxLength(200);
            e.Property(x => x.LeaseExpiresAt).HasConversion(NullableMillis);
        });
        modelBuilder.Entity<WorkflowBookmarkRecord>(e =>
        {
            e.ToTable("WorkflowBookmarks");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(8);
            e.HasIndex(x => new { x.EventName, x.CorrelationId, x.ResumedAt });
            e.HasIndex(x => new { x.DueAt, x.ResumedAt });
            e.HasIndex(x => x.InstanceId);
            e.Property(x => x.DueAt).HasConversion(NullableMillis);
            e.Property(x => x.CreatedAt).HasConversion(Millis);
            e.Property(x => x.ResumedAt).HasConversion(NullableMillis);
        });
        modelBuilder.Entity<ActivityExecutionRecord>(e =>
        {
            e.ToTable("WorkflowActivityExecutions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(x => new { x.InstanceId, x.Sequence });
            e.Property(x => x.StartedAt).HasConversion(Millis);
            e.Property(x => x.CompletedAt).HasConversion(NullableMillis);
        });
        modelBuilder.Entity<WorkflowIncidentRecord>(e =>
        {
            e.ToTable("WorkflowIncidents");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.InstanceId);
            e.Property(x => x.Timestamp).HasConversion(Millis);
        });
        modelBuilder.Entity<WorkflowLogRecord>(e =>
        {
            e.ToTable("WorkflowLog");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.InstanceId, x.Sequence });
            e.Property(x => x.Timestamp).HasConversion(Millis);
        });
        return modelBuilder;
    }
}
