using Mediator;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Reclamation;

namespace ProfileEngine.Notifications;

public enum HolderAnswer
{
    Keep,
    Remove,
}

public enum NoticeStatus
{
    /// <summary>The link works and the question is open.</summary>
    Open,

    /// <summary>The answer was recorded now.</summary>
    Recorded,

    AlreadyAnswered,
    Expired,

    /// <summary>The candidate moved on (closed, or decided by a reviewer); nothing to answer.</summary>
    NoLongerOpen,

    /// <summary>The link was not made by this engine (altered, truncated) or its record is gone.</summary>
    Invalid,
}

/// <summary>What the holder's page shows: never more than the product, the deadline and the state of the question.</summary>
public sealed record HolderNoticeView(NoticeStatus Status, string Message, string? Product = null, string? DisplayName = null, DateTimeOffset? Deadline = null, string? Answer = null);

/// <summary>
/// The license holder's answer through a Keep/Remove link: no sign-in; the link's sealed token is the credential,
/// expiring at the deadline and good for one answer. Keep ⇒ Awaiting Approval; Remove ⇒ Awaiting Revocation.
/// </summary>
public sealed record AnswerHolderNotice(string Token, HolderAnswer Answer) : ICommand<HolderNoticeView>;

/// <summary>Reads a link without using it (the page before the answer).</summary>
public sealed record GetHolderNotice(string Token) : IQuery<HolderNoticeView>;

internal static class HolderNoticeReading
{
    public static async Task<(HolderNoticeLink? Link, RemovalCandidate? Candidate, HolderNoticeView? Refusal)> ReadAsync(
        ProfileEngineDbContext db, HolderNoticeLinks links, string token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var invalid = new HolderNoticeView(NoticeStatus.Invalid, "This link is not valid. Use the link in the notice you received.");
        if (links.Open(token) is not { } id
            || await db.HolderNoticeLinks.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, cancellationToken) is not { } link
            || await db.RemovalCandidates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == link.CandidateId, cancellationToken) is not { } candidate)
        {
            return (null, null, invalid);
        }

        var product = candidate.ModelName ?? candidate.Identifier;
        if (link.UsedAt is not null)
        {
            return (link, candidate, new(NoticeStatus.AlreadyAnswered, $"You already answered: {link.Answer}. Thank you.", product, candidate.DisplayName, link.ExpiresAt, link.Answer));
        }

        if (now >= link.ExpiresAt)
        {
            return (link, candidate, new(NoticeStatus.Expired, "This link has expired: the time to answer is over.", product, candidate.DisplayName, link.ExpiresAt));
        }

        if (candidate.State != CandidateState.AwaitingUser)
        {
            return (link, candidate, new(NoticeStatus.NoLongerOpen, "This request is closed; nothing more is needed from you.", product, candidate.DisplayName, link.ExpiresAt));
        }

        return (link, candidate, null);
    }
}

public sealed class GetHolderNoticeHandler(ProfileEngineDbContext db, HolderNoticeLinks links, TimeProvider clock) : IQueryHandler<GetHolderNotice, HolderNoticeView>
{
    public async ValueTask<HolderNoticeView> Handle(GetHolderNotice query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (link, candidate, refusal) = await HolderNoticeReading.ReadAsync(db, links, query.Token, clock.GetUtcNow(), cancellationToken);
        return refusal ?? new HolderNoticeView(NoticeStatus.Open, "Do you still need this license?", candidate!.ModelName ?? candidate.Identifier, candidate.DisplayName, link!.ExpiresAt);
    }
}

public sealed class AnswerHolderNoticeHandler(ProfileEngineDbContext db, HolderNoticeLinks links, CandidateFlows flows, TimeProvider clock)
    : ICommandHandler<AnswerHolderNotice, HolderNoticeView>
{
    public async ValueTask<HolderNoticeView> Handle(AnswerHolderNotice command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = clock.GetUtcNow();
        var (link, candidate, refusal) = await HolderNoticeReading.ReadAsync(db, links, command.Token, now, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        // The claim makes the link single-use even when two answers arrive at once.
        var answer = command.Answer.ToString();
        var claimed = await db.HolderNoticeLinks.Where(l => l.Id == link!.Id && l.UsedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.UsedAt, now).SetProperty(l => l.Answer, answer), cancellationToken);
        if (claimed == 0)
        {
            return (await HolderNoticeReading.ReadAsync(db, links, command.Token, now, cancellationToken)).Refusal!;
        }

        var action = command.Answer == HolderAnswer.Keep ? CandidateAction.HolderKeep : CandidateAction.HolderRemove;
        var holder = $"holder {candidate!.UserPrincipalName ?? candidate.ExternalUserId}";
        if (!await flows.SignalAsync(candidate, action, holder, $"The holder answered {answer} through the notice link.", cancellationToken))
        {
            await db.HolderNoticeLinks.Where(l => l.Id == link!.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(l => l.UsedAt, (DateTimeOffset?)null).SetProperty(l => l.Answer, (string?)null), cancellationToken);
            throw new RequestConflictException(nameof(AnswerHolderNotice), nameof(command.Token), "Your answer could not be recorded right now; please try again in a moment.");
        }

        await db.RemovalCandidates.Where(c => c.Id == candidate.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.HolderAnswer, answer), cancellationToken);
        var message = command.Answer == HolderAnswer.Keep
            ? "Thank you. Your request to keep the license goes to a reviewer."
            : "Thank you. The license will be removed; you keep your other products and free features.";
        return new HolderNoticeView(NoticeStatus.Recorded, message, candidate.ModelName ?? candidate.Identifier, candidate.DisplayName, link!.ExpiresAt, answer);
    }
}
