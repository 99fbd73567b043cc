using ProfileEngine.Host.Simulator;

namespace ProfileEngine.Host.Health;

/// <summary>
/// <c>GET /health</c>, anonymous: the database, the scheduler, the workflow instances and this node's dispatcher, with
/// an overall status. 503 when the database, the scheduler or the dispatcher is down; stale Running instances make it Degraded (still 200).
/// </summary>
public static class HealthEndpoint
{
    public static IServiceCollection AddProfileEngineHealth(this IServiceCollection services) =>
        services.AddSingleton<HealthChecks>();

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (HealthChecks checks, TimeProvider clock, EmbeddedSimulator simulator, CancellationToken cancellationToken) =>
        {
            var database = await checks.DatabaseAsync(cancellationToken);
            var scheduler = await checks.SchedulerAsync(cancellationToken);
            var workflows = await checks.WorkflowsAsync(cancellationToken);
            var dispatcher = checks.Dispatcher();
            var down = database.Status == HealthChecks.Unhealthy || scheduler.Status == HealthChecks.Unhealthy || dispatcher.Status == HealthChecks.Unhealthy;
            var status = down ? HealthChecks.Unhealthy
                : workflows.Status == HealthChecks.Healthy ? HealthChecks.Healthy
                : HealthChecks.Degraded;
            var report = new HealthReport(status, clock.GetUtcNow(), simulator.BaseUrl, database, scheduler, workflows, dispatcher);
            return Results.Json(report, statusCode: down ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        }).AllowAnonymous().WithTags("Health");
        return app;
    }

    public sealed record HealthReport(
        string Status,
        DateTimeOffset CheckedAt,
        string? VendorSimulator,
        HealthChecks.DatabaseHealth Database,
        HealthChecks.SchedulerHealth Scheduler,
        HealthChecks.WorkflowHealth Workflows,
        HealthChecks.DispatcherHealth Dispatcher);
}
