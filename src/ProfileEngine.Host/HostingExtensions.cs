using ProfileEngine.Host.Health;

namespace ProfileEngine.Host;

/// <summary>The composition root: everything Program.cs wires up, in one place.</summary>
public static class HostingExtensions
{
    public static WebApplicationBuilder AddProfileEngine(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    public static WebApplication MapProfileEngineApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealth();
        return app;
    }
}
