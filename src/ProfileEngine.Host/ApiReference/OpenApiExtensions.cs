using Microsoft.OpenApi;
using ProfileEngine.Host.Users;

namespace ProfileEngine.Host.ApiReference;

/// <summary>The OpenAPI document of the REST API at <c>/openapi/v1.json</c> (for any signed-in role).</summary>
public static class OpenApiExtensions
{
    public const string DocumentName = "v1";

    public const string TokenScheme = "ApiToken";

    public static IServiceCollection AddProfileEngineOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => description.RelativePath is { } path && !path.StartsWith("ui", StringComparison.OrdinalIgnoreCase);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "ProfileEngine";
                document.Info.Description = "SaaS license management engine. Send a personal API token as 'Authorization: Bearer pe_...'; "
                    + "refusals are RFC 7807 problem details naming the field.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[TokenScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A personal API token, created on the API tokens page or with POST /me/tokens.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(TokenScheme, document)] = [] }];
                return Task.CompletedTask;
            });
        });

    public static WebApplication MapProfileEngineOpenApi(this WebApplication app)
    {
        app.MapOpenApi().RequireAuthorization(Policies.Read);
        return app;
    }
}
