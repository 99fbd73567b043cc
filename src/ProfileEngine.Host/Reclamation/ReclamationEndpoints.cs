using Mediator;
using ProfileEngine.Host.Users;
using ProfileEngine.Reclamation;
using ProfileEngine.Reconciliation;

namespace ProfileEngine.Host.Reclamation;

/// <summary>
/// Reclamation rules (+ preview and evaluation), the removal-candidate queue with decisions, work notes and Reclaim All,
/// entitlements, reconciliation and the dashboard figures, over REST. Every route sends one engine request.
/// </summary>
public static class ReclamationEndpoints
{
    public static IEndpointRouteBuilder MapReclamationApi(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/reclamation-rules").RequireAuthorization(Policies.Read);
        rules.MapGet("/", async (Guid? profileId, int? skip, int? take, ISender sender, CancellationToken ct) =>
            Results.Ok(await sender.Send(new ListReclamationRules(profileId, skip ?? 0, take ?? 1000), ct)));
        rules.MapPost("/", async (CreateReclamationRule body, ISender sender, CancellationToken ct) =>
        {
            var created = await sender.Send(body, ct);
            return Results.Created($"/reclamation-rules/{created.Id}", created);
        }).RequireAuthorization(Policies.Admin);
        rules.MapPut("/{id:guid}", async (Guid id, RuleUpdateBody body, ISender sender, CancellationToken ct) =>
            Results.Ok(await sender.Send(new UpdateReclamationRule(id, body.Version, body.Settings), ct))).RequireAuthorization(Policies.Admin);
        rules.MapPost("/{id:guid}/preview", async (Guid id, PreviewBody body, ISender sender, CancellationToken ct) =>
            Results.Ok(await sender.Send(new PreviewReclamationRule(id, body.Thresholds ?? [30, 60, 90, 120]), ct)));
        rules.MapPost("/evaluate", async (Guid profileId, ISender sender, CancellationToken ct) =>
            Results.Ok(await sender.Send(new EvaluateReclamationRules(profileId), ct))).RequireAuthorization(Policies.Operator);

        var candidates = app.MapGroup("/candidates").RequireAuthorization(Policies.Read);
        candidates.MapGet("/", async ([AsParameters] CandidateFilter filter, ISender sender, CancellationToken ct) =>
            Results.Ok(await sender.Send(filter.ToQuery(), ct)));
        candidates.MapGet("/{number}", async (string number, ISender sender, CancellationToken ct) =>
            Results.Ok(await sender.Send(new GetRemovalCandidate(number), ct)));
        candidates.MapPost("/{number}/decisions", async (string number, DecisionBody body, ISender sender, CancellationToken ct) =>
            Results.Ok(await sender.Send(new DecideRemovalCandidate(number, body.Action, body.Note, body.Version), ct))).RequireAuthorization(Policies.Reviewer);
        candidates.MapPost("/{number}/work-notes", async (string number, WorkNoteBody body, ISender sender, CancellationToken ct) =>
            Results.Ok(await sender.Send(new AddCandidateWorkNote(number, body.Text), ct))).RequireAuthorization(Policies.Reviewer);
        candidates.MapPost("/reclaim-all", async (StartReclaimAll body, ISender sender, CancellationToken ct) =>
        {
            var run = await sender.Send(body, ct);
            return Results.Accepted($"/candidates/reclaim-all/{run.Id}", run);
        }).RequireAuthorization(Policies.Reviewer);
        candidates.MapGet("/reclaim-all/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
            Results.Ok(await sender.Send(new GetReclaimAllRun(id), ct)));

        var entitlements = app.MapGroup("/entitlements").RequireAuthorization(Policies.Read);
        entitlements.MapGet("/", async (Guid? modelId, int? skip, int? take, ISender sender, CancellationToken ct) =>
            Results.Ok(await sender.Send(new ListEntitlements(modelId, skip ?? 0, take ?? 100), ct)));
        entitlements.MapPost("/", async (CreateEntitlement body, ISender sender, CancellationToken ct) =>
        {
            var created = await sender.Send(body, ct);
            return Results.Created($"/entitlements/{created.Id}", created);
        }).RequireAuthorization(Policies.Admin);
        entitlements.MapPut("/{id:guid}", async (Guid id, UpdateEntitlement body, ISender sender, CancellationToken ct) =>
            Results.Ok(await sender.Send(body with { EntitlementId = id }, ct))).RequireAuthorization(Policies.Admin);
        entitlements.MapDelete("/{id:guid}", async (Guid id, int version, ISender sender, CancellationToken ct) =>
            Results.Ok(await sender.Send(new DeleteEntitlement(id, version), ct))).RequireAuthorization(Policies.Admin);

        var reconciliation = app.MapGroup("/reconciliation").RequireAuthorization(Policies.Read);
        reconciliation.MapPost("/", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new Reconcile(), ct))).RequireAuthorization(Policies.Operator);
        reconciliation.MapGet("/latest", async (ISender sender, CancellationToken ct) =>
            await sender.Send(new GetLatestReconciliation(), ct) is { } latest ? Results.Ok(latest) : Results.NoContent());
        reconciliation.MapGet("/last-activity", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new GetLastActivityBuckets(), ct)));
        app.MapGroup("/dashboard").RequireAuthorization(Policies.Read)
            .MapGet("/", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new GetDashboard(), ct)));
        return app;
    }

    public sealed record RuleUpdateBody(int Version, ReclamationRuleSettings Settings);

    public sealed record PreviewBody(IReadOnlyList<int>? Thresholds);

    public sealed record DecisionBody(CandidateAction Action, string? Note, int? Version);

    public sealed record WorkNoteBody(string Text);

    public sealed record CandidateFilter(Guid? ProfileId, CandidateState? State, bool? Open, Guid? ModelId, string? AssignmentGroup, string? User, int? Skip, int? Take)
    {
        public ListRemovalCandidates ToQuery() => new(ProfileId, State, Open, ModelId, AssignmentGroup, User, Skip ?? 0, Take ?? 100);
    }
}
