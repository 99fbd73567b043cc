using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ProfileEngine.WebexSimulator.Routing;

/// <summary>What every simulator's Kestrel app shares: how it is built, and the address a client reaches it at.</summary>
internal static class SimulatorHosting
{
    /// <summary>
    /// A slim app on <paramref name="urls"/> whose only settings are its options: an appsettings.json beside a host's
    /// binaries must not turn its logging up.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string urls)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(urls);
        return builder;
    }

    /// <summary>The first address the started app listens on, a wildcard bind as 127.0.0.1, with a trailing slash.</summary>
    public static string ClientAddress(WebApplication app) =>
        app.Urls.First().Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/";
}
