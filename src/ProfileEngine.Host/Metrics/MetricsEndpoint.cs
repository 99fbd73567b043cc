using Prometheus;

namespace ProfileEngine.Host.Metrics;

/// <summary>
/// <c>GET /metrics</c>, Prometheus text format: the engine's instruments (<c>ProfileEngine.Observability</c>) and
/// those of .NET and ASP.NET Core. Anonymous like <c>/health</c>: the host listens on loopback by default, and no
/// label carries an id or a secret.
/// </summary>
public static class MetricsEndpoint
{
    public static IServiceCollection AddProfileEngineMetrics(this IServiceCollection services) =>
        services.AddHostedService<StartMetersListener>();

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        }).AllowAnonymous().WithTags("Health");
        return app;
    }
}

/// <summary>
/// prometheus-net starts listening to .NET meters only on the registry's first collection; without this, whatever
/// happened before the first scrape (the first scheduled run, say) would be missing from every later one.
/// </summary>
internal sealed class StartMetersListener : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(Stream.Null, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
