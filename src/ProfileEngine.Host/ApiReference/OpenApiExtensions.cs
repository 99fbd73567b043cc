using ProfileEngine.Host.Users;

namespace ProfileEngine.Host.ApiReference;

/// <summary>The OpenAPI document of the REST API at <c>/openapi/v1.json</c> (for any signed-in role).</summary>
public static class OpenApiExtensions
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddProfileEngineOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options => options.ShouldInclude = description =>
            description.RelativePath is { } path && !path.StartsWith("ui", StringComparison.OrdinalIgnoreCase));

    public static WebApplication MapProfileEngineOpenApi(this WebApplication app)
    {
        app.MapOpenApi().RequireAuthorization(Policies.Read);
        return app;
    }
}
