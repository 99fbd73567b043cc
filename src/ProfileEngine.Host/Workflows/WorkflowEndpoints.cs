using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ProfileEngine.Host.Users;
using ProfileEngine.Host.Workflows.Flowchart;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Hosting;
using ProfileEngine.Workflows.Loading;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Host.Workflows;

/// <summary>
/// The workflow runtime over REST: definitions and the problems of the last load, versions and publishing,
/// instances with their execution history, and the operator's cancel and retry.
/// </summary>
public static class WorkflowEndpoints
{
    public static IEndpointRouteBuilder MapWorkflowsApi(this IEndpointRouteBuilder app)
    {
        var workflows = app.MapGroup("/workflows")
            .RequireAuthorization(Policies.Read)
            .WithTags("Workflows");

        workflows.MapGet("/definitions", async (WorkflowDefinitionStore store, DefinitionLoadReports reports, CancellationToken cancellationToken) =>
            Results.Ok(new
            {
                Definitions = await store.ListLiveAsync(cancellationToken),
                ProblemCount = reports.Latest?.Problems.Count ?? 0,
            }));

        workflows.MapGet("/definitions/problems", (DefinitionLoadReports reports) =>
            reports.Latest is { } report
                ? Results.Ok(LoadReportView.From(report))
                : Results.Ok(new LoadReportView(null, [], [], [])));

        workflows.MapPost("/definitions/reload", async (
            WorkflowDefinitionLoader loader, IOptions<WorkflowRuntimeOptions> options, IHostEnvironment environment, CancellationToken cancellationToken) =>
        {
            var folder = options.Value.ResolveDefinitionsFolder(environment.ContentRootPath);
            return Results.Ok(LoadReportView.From(await loader.LoadFolderAsync(folder, cancellationToken)));
        }).RequireAuthorization(Policies.Admin);

        workflows.MapGet("/definitions/{definitionId}/versions", async (string definitionId, WorkflowDefinitionStore store, CancellationToken cancellationToken) =>
        {
            var versions = await store.ListVersionsAsync(definitionId, cancellationToken);
            return versions.Count == 0
                ? Results.Problem($"There is no workflow definition '{definitionId}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown workflow definition")
                : Results.Ok(versions);
        });

        // A file a real Elsa 3 imports (inputs typed, retries in Elsa's key, designer positions); 404 for an unknown id or version.
        workflows.MapGet("/definitions/{definitionId}/export", async (string definitionId, int? version, WorkflowDefinitionExporter exporter, CancellationToken cancellationToken) =>
        {
            var export = await exporter.ExportAsync(definitionId, version, cancellationToken);
            return Results.File(System.Text.Encoding.UTF8.GetBytes(export.Json), "application/json", export.FileName);
        });

        workflows.MapPost("/definitions/{definitionId}/publish", async (string definitionId, WorkflowDefinitionStore store, CancellationToken cancellationToken) =>
            Results.Ok(await store.PublishAsync(definitionId, cancellationToken))).RequireAuthorization(Policies.Admin);

        workflows.MapGet("/instances", async (
            string? definitionId, string? status, string? correlationId, int? skip, int? take, IWorkflowRuntime runtime, CancellationToken cancellationToken) =>
        {
            WorkflowStatus? parsed = null;
            if (status is not null)
            {
                if (!Enum.TryParse<WorkflowStatus>(status, ignoreCase: true, out var value) || !Enum.IsDefined(value))
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]>
                    {
                        ["status"] = [$"'{status}' is not a workflow status; use one of {string.Join(", ", Enum.GetNames<WorkflowStatus>())}."],
                    });
                }

                parsed = value;
            }

            var filter = new WorkflowInstanceFilter(definitionId, parsed, correlationId, skip ?? 0, take ?? 100);
            return Results.Ok(await runtime.ListAsync(filter, cancellationToken));
        });

        workflows.MapGet("/instances/{instanceId}", async (string instanceId, IWorkflowRuntime runtime, CancellationToken cancellationToken) =>
            await runtime.GetAsync(instanceId, cancellationToken) is { } details
                ? Results.Ok(Redacted(details))
                : Results.Problem($"There is no workflow instance {instanceId}.", statusCode: StatusCodes.Status404NotFound, title: "Unknown workflow instance"));

        workflows.MapPost("/instances/{instanceId}/cancel", async (string instanceId, IWorkflowRuntime runtime, CancellationToken cancellationToken) =>
            Results.Ok(await runtime.CancelAsync(instanceId, cancellationToken))).RequireAuthorization(Policies.Operator);

        workflows.MapPost("/instances/{instanceId}/retry", async (string instanceId, IWorkflowRuntime runtime, CancellationToken cancellationToken) =>
            Results.Ok(await runtime.RetryAsync(instanceId, cancellationToken))).RequireAuthorization(Policies.Operator);

        return app;
    }

    public sealed record ProblemView(string File, string JsonPath, string Reason);

    /// <summary>
    /// The instance as the API shows it: variables and activity outputs with every secret-named field masked, as the
    /// instance page shows them (<see cref="SecretRedaction"/>).
    /// </summary>
    private static WorkflowInstanceDetails Redacted(WorkflowInstanceDetails details) => details with
    {
        Variables = details.Variables.ToDictionary(
            v => v.Key,
            v => SecretRedaction.IsSecretName(v.Key) && v.Value is not null ? JsonValue.Create(SecretRedaction.Mask) : SecretRedaction.Redact(v.Value),
            StringComparer.Ordinal),
        Executions = [.. details.Executions.Select(e => new ActivityExecutionRecord
        {
            Id = e.Id,
            InstanceId = e.InstanceId,
            Sequence = e.Sequence,
            ActivityId = e.ActivityId,
            ActivityType = e.ActivityType,
            Attempt = e.Attempt,
            Status = e.Status,
            StartedAt = e.StartedAt,
            CompletedAt = e.CompletedAt,
            Outcomes = e.Outcomes,
            OutputsJson = SecretRedaction.RedactJson(e.OutputsJson),
            Error = e.Error,
        })],
    };

    /// <summary>The last load: what loaded, what was refused (problems) and what was filled in or ignored (warnings).</summary>
    public sealed record LoadReportView(string? Folder, IReadOnlyList<ImportResult> Loaded, IReadOnlyList<ProblemView> Problems, IReadOnlyList<ProblemView> Warnings)
    {
        public static LoadReportView From(DefinitionLoadReport report) =>
            new(report.Folder, report.Imported, [.. report.Problems.Select(View)], [.. report.Warnings.Select(View)]);

        private static ProblemView View(DefinitionProblem p) => new(p.Source, p.JsonPath, p.Reason);
    }
}
