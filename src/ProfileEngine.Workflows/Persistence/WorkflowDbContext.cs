using Microsoft.EntityFrameworkCore;

namespace ProfileEngine.Workflows.Persistence;

/// <summary>A context holding only the runtime's tables, for hosts and tests without a database of their own.</summary>
public sealed class WorkflowDbContext(DbContextOptions<WorkflowDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyWorkflowModel();
}
