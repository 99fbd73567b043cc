using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Profiles;

/// <summary>A profile's scheduled job results (ServiceNow's related list), newest first.</summary>
public sealed record ListJobResults(Guid ProfileId, int Skip = 0, int Take = 50) : IQuery<IReadOnlyList<JobRunView>>;

public sealed class ListJobResultsValidator : IValidator<ListJobResults>
{
    public ValueTask ValidateAsync(ListJobResults request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        errors.Page(request.Skip, request.Take, maxTake: 500);

        return ValueTask.CompletedTask;
    }
}

public sealed class ListJobResultsHandler(ProfileEngineDbContext db) : IQueryHandler<ListJobResults, IReadOnlyList<JobRunView>>
{
    public async ValueTask<IReadOnlyList<JobRunView>> Handle(ListJobResults query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!await db.IntegrationProfiles.AnyAsync(p => p.Id == query.ProfileId, cancellationToken)
            && !await db.ScheduledJobResults.AnyAsync(r => r.ProfileId == query.ProfileId, cancellationToken))
        {
            throw new RequestNotFoundException(nameof(ListJobResults), nameof(query.ProfileId), $"There is no integration profile {query.ProfileId}.");
        }

        var results = await db.ScheduledJobResults.AsNoTracking()
            .Where(r => r.ProfileId == query.ProfileId)
            .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id)
            .Skip(query.Skip).Take(query.Take)
            .ToListAsync(cancellationToken);
        return [.. results.Select(JobRunView.From)];
    }
}
