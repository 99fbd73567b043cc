using Stateless;

namespace ProfileEngine.Reclamation;

/// <summary>The states of a removal candidate, named as ServiceNow names them (servicenow-sam.md §2.3).</summary>
public enum CandidateState
{
    Ready,
    AttentionRequired,
    AwaitingUser,
    AwaitingApproval,
    AwaitingRevocation,
    ClosedComplete,
    ClosedSkipped,
    ClosedCanceled,
}

/// <summary>What can happen to a removal candidate: a person's decision or something the engine observed.</summary>
public enum CandidateAction
{
    /// <summary>A reviewer approves reclaiming a Ready candidate (or the rule reclaims without review).</summary>
    Reclaim,

    /// <summary>A reviewer rejects reclaiming (Ready), or closes an open candidate without reclaiming.</summary>
    CloseSkipped,

    /// <summary>Someone removed the license by other means and closes the candidate as done.</summary>
    CloseComplete,

    /// <summary>The license holder asks to keep the license.</summary>
    HolderKeep,

    /// <summary>The license holder agrees to give the license back.</summary>
    HolderRemove,

    /// <summary>The holder did not answer within the rule's days before auto-reclamation.</summary>
    NoAnswer,

    /// <summary>A reviewer approves the holder's keep request.</summary>
    ApproveKeep,

    /// <summary>A reviewer rejects the holder's keep request.</summary>
    RejectKeep,

    /// <summary>The vendor removed the license.</summary>
    ReclaimSucceeded,

    /// <summary>The vendor refused or failed to remove the license.</summary>
    ReclaimFailed,

    /// <summary>An operator retries a reclaim that needed attention.</summary>
    ResumeReclaim,

    /// <summary>An operator sends a candidate that needed attention back to review.</summary>
    ReturnToReady,

    /// <summary>Fresh meaningful activity: the license is in use after all.</summary>
    ActivityDetected,

    /// <summary>The rule that governs the candidate (changed since, or beyond the activity history known) no longer selects it.</summary>
    RuleNoLongerSelects,

    /// <summary>The re-check before the vendor call found the user excluded or the license no longer assigned.</summary>
    RecheckFailed,

    /// <summary>The subscription is gone from the vendor (a download deactivated it).</summary>
    SubscriptionGone,

    /// <summary>The candidate's profile was deleted.</summary>
    ProfileDeleted,
}

/// <summary>An action that the candidate's current state does not allow; nothing was changed.</summary>
public sealed class IllegalCandidateTransitionException(string number, CandidateState state, CandidateAction action)
    : Exception($"Removal candidate {number} is {CandidateLifecycle.Describe(state)}; {CandidateLifecycle.Describe(action)} is not allowed in that state.")
{
    public string Number { get; } = number;

    public CandidateState State { get; } = state;

    public CandidateAction Action { get; } = action;
}

/// <summary>
/// The one table of removal-candidate transitions (Stateless). Reclaim goes to Awaiting User when the holder is to be
/// notified first (notify user on and days before auto-reclamation above zero), otherwise straight to Awaiting
/// Revocation. Closed states allow nothing.
/// </summary>
public static class CandidateLifecycle
{
    public static readonly IReadOnlySet<CandidateState> ClosedStates = new HashSet<CandidateState>
    {
        CandidateState.ClosedComplete, CandidateState.ClosedSkipped, CandidateState.ClosedCanceled,
    };

    public static readonly IReadOnlySet<CandidateState> OpenStates =
        Enum.GetValues<CandidateState>().Where(s => !ClosedStates.Contains(s)).ToHashSet();

    public static bool IsOpen(CandidateState state) => !ClosedStates.Contains(state);

    /// <summary>The state <paramref name="action"/> leads to from <paramref name="state"/>, or null when it is not allowed.</summary>
    public static CandidateState? Target(CandidateState state, CandidateAction action, bool notifiesHolder)
    {
        var machine = Build(state, notifiesHolder);
        if (!machine.CanFire(action))
        {
            return null;
        }

        machine.Fire(action);
        return machine.State;
    }

    /// <summary>The actions <paramref name="state"/> allows, in the table's order.</summary>
    public static IReadOnlyList<CandidateAction> PermittedActions(CandidateState state) =>
        [.. Enum.GetValues<CandidateAction>().Where(action => Build(state, notifiesHolder: false).CanFire(action))];

    /// <summary>The new state, or <see cref="IllegalCandidateTransitionException"/> naming the current state and the action.</summary>
    public static CandidateState Next(string number, CandidateState state, CandidateAction action, bool notifiesHolder) =>
        Target(state, action, notifiesHolder) ?? throw new IllegalCandidateTransitionException(number, state, action);

    public static string Describe(CandidateState state) => state switch
    {
        CandidateState.Ready => "Ready",
        CandidateState.AttentionRequired => "Attention Required",
        CandidateState.AwaitingUser => "Awaiting User",
        CandidateState.AwaitingApproval => "Awaiting Approval",
        CandidateState.AwaitingRevocation => "Awaiting Revocation",
        CandidateState.ClosedComplete => "Closed Complete",
        CandidateState.ClosedSkipped => "Closed Skipped",
        CandidateState.ClosedCanceled => "Closed Canceled",
        _ => state.ToString(),
    };

    public static string Describe(CandidateAction action) => action switch
    {
        CandidateAction.Reclaim => "Reclaim",
        CandidateAction.CloseSkipped => "Close Skipped",
        CandidateAction.CloseComplete => "Close Complete",
        CandidateAction.HolderKeep => "the holder's Keep answer",
        CandidateAction.HolderRemove => "the holder's Remove answer",
        CandidateAction.NoAnswer => "auto-reclamation without an answer",
        CandidateAction.ApproveKeep => "Approve Keep",
        CandidateAction.RejectKeep => "Reject Keep",
        CandidateAction.ReclaimSucceeded => "recording a successful reclaim",
        CandidateAction.ReclaimFailed => "recording a failed reclaim",
        CandidateAction.ResumeReclaim => "Resume Reclaim",
        CandidateAction.ReturnToReady => "Return to Ready",
        CandidateAction.ActivityDetected => "closing for fresh activity",
        CandidateAction.RuleNoLongerSelects => "closing because its rule no longer selects it",
        CandidateAction.RecheckFailed => "closing after a failed re-check",
        CandidateAction.SubscriptionGone => "closing for a subscription gone from the vendor",
        CandidateAction.ProfileDeleted => "closing for a deleted profile",
        _ => action.ToString(),
    };

    private static StateMachine<CandidateState, CandidateAction> Build(CandidateState initial, bool notifiesHolder)
    {
        var machine = new StateMachine<CandidateState, CandidateAction>(initial);
        var afterApproval = notifiesHolder ? CandidateState.AwaitingUser : CandidateState.AwaitingRevocation;

        // Every open state closes the same four ways; only where a gone subscription leads differs.
        StateMachine<CandidateState, CandidateAction>.StateConfiguration Open(CandidateState state, CandidateState whenSubscriptionGone) =>
            machine.Configure(state)
                .Permit(CandidateAction.ActivityDetected, CandidateState.ClosedCanceled)
                .Permit(CandidateAction.RuleNoLongerSelects, CandidateState.ClosedCanceled)
                .Permit(CandidateAction.SubscriptionGone, whenSubscriptionGone)
                .Permit(CandidateAction.ProfileDeleted, CandidateState.ClosedSkipped);

        Open(CandidateState.Ready, CandidateState.ClosedSkipped)
            .PermitDynamic(CandidateAction.Reclaim, () => afterApproval)
            .Permit(CandidateAction.CloseSkipped, CandidateState.ClosedSkipped)
            .Permit(CandidateAction.CloseComplete, CandidateState.ClosedComplete);

        Open(CandidateState.AttentionRequired, CandidateState.ClosedSkipped)
            .Permit(CandidateAction.ResumeReclaim, CandidateState.AwaitingRevocation)
            .Permit(CandidateAction.ReturnToReady, CandidateState.Ready)
            .Permit(CandidateAction.CloseSkipped, CandidateState.ClosedSkipped)
            .Permit(CandidateAction.CloseComplete, CandidateState.ClosedComplete);

        Open(CandidateState.AwaitingUser, CandidateState.ClosedSkipped)
            .Permit(CandidateAction.HolderKeep, CandidateState.AwaitingApproval)
            .Permit(CandidateAction.HolderRemove, CandidateState.AwaitingRevocation)
            .Permit(CandidateAction.NoAnswer, CandidateState.AwaitingRevocation)
            .Permit(CandidateAction.CloseSkipped, CandidateState.ClosedSkipped);

        Open(CandidateState.AwaitingApproval, CandidateState.ClosedSkipped)
            .Permit(CandidateAction.ApproveKeep, CandidateState.ClosedSkipped)
            .Permit(CandidateAction.RejectKeep, CandidateState.AwaitingRevocation);

        Open(CandidateState.AwaitingRevocation, CandidateState.ClosedComplete)
            .Permit(CandidateAction.ReclaimSucceeded, CandidateState.ClosedComplete)
            .Permit(CandidateAction.ReclaimFailed, CandidateState.AttentionRequired)
            .Permit(CandidateAction.CloseComplete, CandidateState.ClosedComplete)
            .Permit(CandidateAction.CloseSkipped, CandidateState.ClosedSkipped)
            .Permit(CandidateAction.RecheckFailed, CandidateState.ClosedSkipped);

        machine.Configure(CandidateState.ClosedComplete);
        machine.Configure(CandidateState.ClosedSkipped);
        machine.Configure(CandidateState.ClosedCanceled);
        return machine;
    }
}
