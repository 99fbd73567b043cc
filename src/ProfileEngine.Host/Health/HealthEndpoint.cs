namespace ProfileEngine.Host.Health;

/// <summary><c>GET /health</c>: is the process up and serving.</summary>
public static class HealthEndpoint
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", (TimeProvider clock) => Results.Ok(new HealthReport("Healthy", clock.GetUtcNow())));
        return app;
    }

    public sealed record HealthReport(string Status, DateTimeOffset CheckedAt);
}
