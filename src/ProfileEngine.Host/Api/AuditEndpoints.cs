using Mediator;
using ProfileEngine.Audit;
using ProfileEngine.Host.Users;

namespace ProfileEngine.Host.Api;

/// <summary>The audit log over REST (admins): filter by record, actor and time, newest first, paged.</summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/audit").RequireAuthorization(Policies.Admin)
            .MapGet("/", async ([AsParameters] AuditFilter filter, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(new ListAuditEntries(filter.EntityType, filter.EntityId, filter.Actor, filter.Since, filter.Skip ?? 0, filter.Take ?? 100), ct)));
        return app;
    }

    public sealed record AuditFilter(string? EntityType, string? EntityId, string? Actor, DateTimeOffset? Since, int? Skip, int? Take);
}
