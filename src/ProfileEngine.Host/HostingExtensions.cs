using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;
using ProfileEngine.Connectors.Scim;
using ProfileEngine.Host.Api;
using ProfileEngine.Host.ApiReference;
using ProfileEngine.Host.Connections;
using ProfileEngine.Host.Health;
using ProfileEngine.Host.Logging;
using ProfileEngine.Host.Metrics;
using ProfileEngine.Host.Profiles;
using ProfileEngine.Host.Reclamation;
using ProfileEngine.Host.Simulator;
using ProfileEngine.Host.Subscriptions;
using ProfileEngine.Host.Ui;
using ProfileEngine.Host.Users;
using ProfileEngine.Host.Workflows;
using ProfileEngine.Workflows.Hosting;
using ProfileEngine.Connectors.Webex;

namespace ProfileEngine.Host;

/// <summary>The composition root: everything Program.cs wires up, in one place.</summary>
public static class HostingExtensions
{
    public static WebApplicationBuilder AddProfileEngine(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        UseRepositorySettingsWhenRunFromElsewhere(builder);
        UseWorkflowsBesideBinariesByDefault(builder);
        builder.Logging.AddProfileEngineLoggingDefaults();
        var simulatorEnabled = builder.AddEmbeddedWebexSimulator();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<EngineProblemsExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddProfileEngineServices(builder.Configuration, allowLoopbackVendorHosts: simulatorEnabled);
        builder.Services.AddWebexConnector(builder.Configuration);
        builder.Services.AddScimConnector();
        builder.Services.AddProfileEngineHealth();
        builder.Services.AddProfileEngineMetrics();
        builder.Services.AddProfileEngineSignIn();
        builder.Services.AddProfileEngineOpenApi();
        builder.Services.AddProfileEngineWebUi();
        return builder;
    }

    // `dotnet run --project src/ProfileEngine.Host` may start in the project folder, where there is no
    // appsettings.json; the copy next to the binaries is the repository's own file.
    private static void UseRepositorySettingsWhenRunFromElsewhere(WebApplicationBuilder builder)
    {
        if (File.Exists(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json")))
        {
            return;
        }

        var besideBinaries = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (File.Exists(besideBinaries))
        {
            var source = new JsonConfigurationSource { Path = besideBinaries, Optional = false };
            source.ResolveFileProvider();
            builder.Configuration.Sources.Insert(0, source);
        }
    }

    // The build gathers the engine's subflows and every connector's into workflows/ beside the binaries, while the
    // repository's workflows/ holds the engine's only. The lowest source, so any configured DefinitionsFolder wins.
    private static void UseWorkflowsBesideBinariesByDefault(WebApplicationBuilder builder)
    {
        var key = $"{ProfileEngineServiceCollectionExtensions.WorkflowsSection}:{nameof(WorkflowRuntimeOptions.DefinitionsFolder)}";
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = [new(key, Path.Combine(AppContext.BaseDirectory, "workflows"))],
        });
    }

    public static WebApplication MapProfileEngineApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // First, so an exception anywhere in an API request becomes problem details; pages have their own filter.
        app.UseWhen(context => EngineProblemsExceptionHandler.IsApi(context.Request.Path), api => api.UseExceptionHandler());
        app.UseBackgroundWorkflowRuns();
        app.UseProfileEngineSignIn();
        app.MapHealth();
        app.MapMetrics();
        app.MapUsersApi();
        app.MapConnectionsApi();
        app.MapProfilesApi();
        app.MapSubscriptionsApi();
        app.MapWorkflowsApi();
        app.MapReclamationApi();
        app.MapAuditApi();
        app.MapExclusionsApi();
        app.MapHolderAnswerPage();
        app.MapProfileEngineOpenApi();
        app.MapProfileEngineWebUi();
        return app;
    }
}
