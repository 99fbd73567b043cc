using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Subscriptions;

/// <summary>
/// The profile's Software Subscriptions related list with its filters: model, active, excluded, inactive days ≥ N
/// (no activity since N days before now, counting from external created when there was never any), and seed 000's
/// metadata: invite pending, license (identifier), login enabled, role, time zone, type. Ordered by id (stable paging).
/// </summary>
public sealed record ListSubscriptions(
    Guid ProfileId,
    Guid? ModelId = null,
    string? Identifier = null,
    bool? Active = true,
    bool? Excluded = null,
    int? InactiveDaysAtLeast = null,
    bool? InvitePending = null,
    bool? LoginEnabled = null,
    string? Role = null,
    string? TimeZone = null,
    string? Type = null,
    string? UserPrincipalName = null,
    int Skip = 0,
    int Take = 100) : IQuery<SubscriptionPage>;

public sealed record SubscriptionView(
    long Id, string ExternalUserId, string? UserPrincipalName, string? DisplayName, string Identifier, Guid? ModelId,
    DateTimeOffset? ExternalCreated, DateTimeOffset? LastActivity, int? InactiveDays, bool? InvitePending, bool? LoginEnabled,
    IReadOnlyList<string> Roles, string? TimeZone, string? Type, string? Status, bool Active, bool Excluded, DateTimeOffset? DeactivatedAt);

public sealed record SubscriptionPage(int Total, IReadOnlyList<SubscriptionView> Items);

public sealed class ListSubscriptionsValidator : IValidator<ListSubscriptions>
{
    public ValueTask ValidateAsync(ListSubscriptions request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        errors.Page(request.Skip, request.Take);

        if (request.InactiveDaysAtLeast is < 0)
        {
            errors.Add(nameof(request.InactiveDaysAtLeast), "InactiveDaysAtLeast must not be negative.");
        }

        if (request.Role is { } role && role.Contains(',', StringComparison.Ordinal))
        {
            errors.Add(nameof(request.Role), "Role is one role id.");
        }

        return ValueTask.CompletedTask;
    }
}

public sealed class ListSubscriptionsHandler(ProfileEngineDbContext db, TimeProvider clock) : IQueryHandler<ListSubscriptions, SubscriptionPage>
{
    public async ValueTask<SubscriptionPage> Handle(ListSubscriptions query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await SubscriptionQueries.RequireProfileAsync(db, query.ProfileId, nameof(ListSubscriptions), cancellationToken);
        var now = clock.GetUtcNow();
        var rows = db.SoftwareSubscriptions.AsNoTracking().Where(s => s.ProfileId == query.ProfileId);
        if (query.ModelId is { } model)
        {
            rows = rows.Where(s => s.ModelId == model);
        }

        if (query.Identifier is { } identifier)
        {
            rows = rows.Where(s => s.Identifier == identifier);
        }

        if (query.Active is { } active)
        {
            rows = rows.Where(s => s.Active == active);
        }

        if (query.Excluded is { } excluded)
        {
            rows = rows.Where(s => s.Excluded == excluded);
        }

        if (query.InactiveDaysAtLeast is { } days)
        {
            var cutoff = now.AddDays(-days);
            rows = rows.Where(s => s.LastActivity != null ? s.LastActivity <= cutoff : s.ExternalCreated == null || s.ExternalCreated <= cutoff);
        }

        if (query.InvitePending is { } invite)
        {
            rows = rows.Where(s => s.InvitePending == invite);
        }

        if (query.LoginEnabled is { } login)
        {
            rows = rows.Where(s => s.LoginEnabled == login);
        }

        if (query.Role is { Length: > 0 } role)
        {
            var pattern = "%," + role + ",%";
            rows = rows.Where(s => s.Roles != null && EF.Functions.Like(s.Roles, pattern));
        }

        if (query.TimeZone is { } timeZone)
        {
            rows = rows.Where(s => s.TimeZone == timeZone);
        }

        if (query.Type is { } type)
        {
            rows = rows.Where(s => s.UserType == type);
        }

        if (query.UserPrincipalName is { } upn)
        {
            rows = rows.Where(s => s.UserPrincipalName == upn);
        }

        var total = await rows.CountAsync(cancellationToken);
        var page = await rows.OrderBy(s => s.Id).Skip(query.Skip).Take(query.Take).ToListAsync(cancellationToken);
        return new SubscriptionPage(total, [.. page.Select(s => new SubscriptionView(
            s.Id, s.ExternalUserId, s.UserPrincipalName, s.DisplayName, s.Identifier, s.ModelId, s.ExternalCreated, s.LastActivity,
            InactiveDays(s, now), s.InvitePending, s.LoginEnabled,
            s.Roles is null ? [] : s.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries),
            s.TimeZone, s.UserType, s.UserStatus, s.Active, s.Excluded, s.DeactivatedAt))]);
    }

    private static int? InactiveDays(SoftwareSubscription subscription, DateTimeOffset now) =>
        (subscription.LastActivity ?? subscription.ExternalCreated) is { } since ? Math.Max(0, (int)(now - since).TotalDays) : null;
}
