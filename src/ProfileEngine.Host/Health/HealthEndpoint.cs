using ProfileEngine.Host.Simulator;

namespace ProfileEngine.Host.Health;

/// <summary><c>GET /health</c>: is the process up and serving, and where the embedded simulator is, if any.</summary>
public static class HealthEndpoint
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", (TimeProvider clock, EmbeddedSimulator simulator) =>
            Results.Ok(new HealthReport("Healthy", clock.GetUtcNow(), simulator.BaseUrl))).AllowAnonymous().WithTags("Health");
        return app;
    }

    public sealed record HealthReport(string Status, DateTimeOffset CheckedAt, string? WebexSimulator);
}
