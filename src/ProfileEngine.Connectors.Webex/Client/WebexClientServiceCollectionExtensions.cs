using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProfileEngine.Connectors.Webex.Observability;

namespace ProfileEngine.Connectors.Webex;

public static class WebexClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IWebexClientFactory"/> and the named HttpClient it uses, with the Webex resilience
    /// handler on the registered <see cref="TimeProvider"/> (the system clock unless one was registered).
    /// </summary>
    public static IHttpClientBuilder AddWebexClient(this IServiceCollection services, Action<WebexClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<WebexClientOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWebexClientFactory, WebexClientFactory>();
        services.TryAddSingleton<IWebexAuthorization, WebexAuthorization>();

        // The resilience pipeline bounds every attempt; HttpClient's own 100 s timeout would cut Retry-After waits short.
        var httpClient = services.AddHttpClient(WebexClientFactory.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        httpClient.AddResilienceHandler(WebexResilience.PipelineName, (pipeline, context) => WebexResilience.Configure(
            pipeline,
            context.ServiceProvider.GetRequiredService<IOptions<WebexClientOptions>>().Value,
            context.ServiceProvider.GetRequiredService<TimeProvider>()));
        // Inside the resilience handler: every attempt's answer is counted, the 429s a retry waits out included.
        services.TryAddTransient<WebexCallMetricsHandler>();
        httpClient.AddHttpMessageHandler<WebexCallMetricsHandler>();
        return httpClient;
    }
}

/// <summary>Creates a <see cref="WebexClient"/> for one connection (one Webex org and its tokens).</summary>
public interface IWebexClientFactory
{
    WebexClient Create(WebexConnection connection);
}

internal sealed class WebexClientFactory(
    IHttpClientFactory httpClientFactory,
    IOptions<WebexClientOptions> options,
    TimeProvider timeProvider,
    ILogger<WebexClient> logger) : IWebexClientFactory
{
    public const string HttpClientName = "Webex";

    public WebexClient Create(WebexConnection connection) =>
        new(httpClientFactory.CreateClient(HttpClientName), connection, options.Value, timeProvider, logger);
}
