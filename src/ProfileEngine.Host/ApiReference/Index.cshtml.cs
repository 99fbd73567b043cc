using Microsoft.AspNetCore.OpenApi;
using ProfileEngine.Host.Ui;

namespace ProfileEngine.Host.ApiReference;

/// <summary>A browsable list of the API's operations, read from the same OpenAPI document <c>/openapi/v1.json</c> serves.</summary>
public sealed class ApiReferenceModel([FromKeyedServices(OpenApiExtensions.DocumentName)] IOpenApiDocumentProvider documents) : UiPage
{
    public IReadOnlyList<OperationRow> Operations { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var document = await documents.GetOpenApiDocumentAsync(HttpContext.RequestAborted);
        Operations = [.. document.Paths
            .SelectMany(path => (path.Value.Operations ?? []).Select(operation => new OperationRow(
                operation.Value.Tags?.FirstOrDefault()?.Name ?? "Other",
                operation.Key.Method,
                path.Key,
                string.Join(", ", (operation.Value.Parameters ?? []).Select(p => $"{p.Name} ({p.In})")),
                operation.Value.RequestBody?.Content?.Keys.FirstOrDefault() ?? "",
                string.Join(", ", (operation.Value.Responses ?? []).Select(r => r.Key)))))
            .OrderBy(o => o.Tag, StringComparer.Ordinal).ThenBy(o => o.Path, StringComparer.Ordinal)];
    }

    public sealed record OperationRow(string Tag, string Method, string Path, string Parameters, string Body, string Responses);
}
