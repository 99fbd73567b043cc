using Mediator;
using ProfileEngine.Host.Users;
using ProfileEngine.Subscriptions;

namespace ProfileEngine.Host.Subscriptions;

/// <summary>
/// What a profile downloaded: its software models, the unrecognized identifiers (an admin maps one to a model and
/// its subscriptions follow), and its subscriptions with the filters and paging of <see cref="ListSubscriptions"/>.
/// </summary>
public static class SubscriptionEndpoints
{
    public static IEndpointRouteBuilder MapSubscriptionsApi(this IEndpointRouteBuilder app)
    {
        var profile = app.MapGroup("/profiles/{id:guid}")
            .RequireAuthorization(Policies.Read)
            .WithTags("Subscriptions");

        profile.MapGet("/software-models", async (Guid id, ISender sender, CancellationToken cancellationToken) =>
            Results.Ok(await sender.Send(new ListSoftwareModels(id), cancellationToken)));

        profile.MapGet("/unrecognized-identifiers", async (Guid id, bool? includeMapped, ISender sender, CancellationToken cancellationToken) =>
            Results.Ok(await sender.Send(new ListUnrecognizedIdentifiers(id, includeMapped ?? true), cancellationToken)));

        profile.MapPost("/unrecognized-identifiers/map", async (Guid id, MapBody body, ISender sender, CancellationToken cancellationToken) =>
            Results.Ok(await sender.Send(new MapUnrecognizedIdentifier(id, body.Identifier, body.ModelId), cancellationToken)))
            .RequireAuthorization(Policies.Admin);

        profile.MapGet("/subscriptions", async (Guid id, [AsParameters] SubscriptionQuery query, ISender sender, CancellationToken cancellationToken) =>
            Results.Ok(await sender.Send(query.ToQuery(id), cancellationToken)));
        return app;
    }

    public sealed record MapBody(string Identifier, Guid ModelId);

    /// <summary>The query string of the subscriptions list; left-out filters do not filter (active defaults to true).</summary>
    public sealed record SubscriptionQuery(
        Guid? ModelId, string? Identifier, bool? Active, bool? Excluded, int? InactiveDaysAtLeast, bool? InvitePending, bool? LoginEnabled,
        string? Role, string? TimeZone, string? Type, string? UserPrincipalName, int? Skip, int? Take)
    {
        public ListSubscriptions ToQuery(Guid profileId) => new(
            profileId, ModelId, Identifier, Active ?? true, Excluded, InactiveDaysAtLeast, InvitePending, LoginEnabled,
            Role, TimeZone, Type, UserPrincipalName, Skip ?? 0, Take ?? 100);
    }
}
