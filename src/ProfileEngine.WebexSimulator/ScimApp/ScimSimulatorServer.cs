using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.WebexSimulator.Routing;

namespace ProfileEngine.WebexSimulator.ScimApp;

/// <summary>
/// A generic SaaS app that speaks SCIM 2.0 (RFC 7643/7644), on Kestrel. Start with <see cref="StartAsync"/>; dispose to stop.
/// </summary>
public sealed class ScimSimulatorServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private ScimSimulatorServer(WebApplication app, ScimAppState state, string baseUrl)
    {
        this.app = app;
        State = state;
        BaseUrl = baseUrl;
    }

    /// <summary>Root URL with a trailing slash, e.g. <c>http://127.0.0.1:5091/</c>; the token endpoint is <c>oauth/token</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>The SCIM base URL a client is configured with: <see cref="BaseUrl"/> + <c>scim/v2/</c>.</summary>
    public string ScimBaseUrl => BaseUrl + "scim/v2/";

    public string TokenUrl => BaseUrl + "oauth/token";

    public ScimAppState State { get; }

    public static async Task<ScimSimulatorServer> StartAsync(ScimAppOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var state = new ScimAppState(options);
        var builder = SimulatorHosting.CreateBuilder(options.Urls);
        builder.Services.AddSingleton(state);
        var app = builder.Build();
        try
        {
            app.UseMiddleware<ScimFaultMiddleware>();
            app.UseMiddleware<BearerAuthMiddleware>();
            app.MapScimAppToken(state);
            app.MapScimAppDiscovery(state);
            app.MapScimAppUsers(state);
            app.MapScimAppGroups(state);
            app.MapFallback(context => ScimResponses.Error(context, StatusCodes.Status404NotFound, null,
                $"No endpoint {context.Request.Method} {context.Request.Path}."));
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new ScimSimulatorServer(app, state, SimulatorHosting.ClientAddress(app));
    }

    /// <summary>Completes when the server stops (the program waits on it).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
