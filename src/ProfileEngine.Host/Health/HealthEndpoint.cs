using ProfileEngine.Host.Simulator;

namespace ProfileEngine.Host.Health;

/// <summary>
/// <c>GET /health</c>, anonymous: the database, the scheduler and the workflow instances, with an overall status.
/// 503 when the database or the scheduler is down; stale Running instances make it Degraded (still 200).
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
            var down = database.Status == HealthChecks.Unhealthy || scheduler.Status == HealthChecks.Unhealthy;
            var status = down ? HealthChecks.Unhealthy
                : workflows.Status == HealthChecks.Healthy ? HealthChecks.Healthy
                : HealthChecks.Degraded;
            var report = new HealthReport(status, clock.GetUtcNow(), simulator.BaseUrl, database, scheduler, workflows);
            return Results.Json(report, statusCode: down ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        }).AllowAnonymous().WithTags("Health");
        return app;
    }

    public sealed record HealthReport(
        string Status,
        DateTimeOffset CheckedAt,
        string? WebexSimulator,
        HealthChecks.DatabaseHealth Database,
        HealthChecks.SchedulerHealth Scheduler,
        HealthChecks.WorkflowHealth Workflows);
}
