using Mediator;
using ProfileEngine.Exclusions;
using ProfileEngine.Host.Users;

namespace ProfileEngine.Host.Api;

/// <summary>
/// Subscription identifier and user exclusion rules over REST: everyone with a role reads them, admins change them
/// (a change marks the subscriptions it covers at once).
/// </summary>
public static class ExclusionEndpoints
{
    public static IEndpointRouteBuilder MapExclusionsApi(this IEndpointRouteBuilder app)
    {
        var identifiers = app.MapGroup("/exclusions/identifiers").RequireAuthorization(Policies.Read);
        identifiers.MapGet("/", async (string? profileType, int? skip, int? take, ISender sender, CancellationToken ct) =>
            Results.Ok(await sender.Send(new ListSubscriptionIdentifierExclusions(profileType, skip ?? 0, take ?? 1000), ct)));
        identifiers.MapPost("/", async (CreateSubscriptionIdentifierExclusion body, ISender sender, CancellationToken ct) =>
        {
            var created = await sender.Send(body, ct);
            return Results.Created($"/exclusions/identifiers/{created.Id}", created);
        }).RequireAuthorization(Policies.Admin);
        identifiers.MapPut("/{id:guid}", async (Guid id, ActiveBody body, ISender sender, CancellationToken ct) =>
            Results.Ok(await sender.Send(new UpdateSubscriptionIdentifierExclusion(id, body.Active), ct))).RequireAuthorization(Policies.Admin);
        identifiers.MapDelete("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
        {
            await sender.Send(new DeleteSubscriptionIdentifierExclusion(id), ct);
            return Results.NoContent();
        }).RequireAuthorization(Policies.Admin);

        var users = app.MapGroup("/exclusions/users").RequireAuthorization(Policies.Read);
        users.MapGet("/", async (int? skip, int? take, ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new ListUserExclusions(skip ?? 0, take ?? 1000), ct)));
        users.MapPost("/", async (CreateUserExclusion body, ISender sender, CancellationToken ct) =>
        {
            var created = await sender.Send(body, ct);
            return Results.Created($"/exclusions/users/{created.Id}", created);
        }).RequireAuthorization(Policies.Admin);
        users.MapPut("/{id:guid}", async (Guid id, UpdateUserExclusion body, ISender sender, CancellationToken ct) =>
            Results.Ok(await sender.Send(body with { Id = id }, ct))).RequireAuthorization(Policies.Admin);
        users.MapDelete("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
        {
            await sender.Send(new DeleteUserExclusion(id), ct);
            return Results.NoContent();
        }).RequireAuthorization(Policies.Admin);
        return app;
    }

    public sealed record ActiveBody(bool Active);
}
