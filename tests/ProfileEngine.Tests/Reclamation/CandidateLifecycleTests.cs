using ProfileEngine.Reclamation;
using static ProfileEngine.Reclamation.CandidateAction;
using static ProfileEngine.Reclamation.CandidateState;

namespace ProfileEngine.Tests.Reclamation;

/// <summary>The transition table, written out here independently of the code, checked for every state and action.</summary>
public sealed class CandidateLifecycleTests
{
    private static readonly Dictionary<(CandidateState, CandidateAction), CandidateState> Expected = new()
    {
        [(Ready, CloseSkipped)] = ClosedSkipped,
        [(Ready, CloseComplete)] = ClosedComplete,
        [(Ready, ActivityDetected)] = ClosedCanceled,
        [(Ready, RuleNoLongerSelects)] = ClosedCanceled,
        [(Ready, SubscriptionGone)] = ClosedSkipped,
        [(Ready, ProfileDeleted)] = ClosedSkipped,
        [(AttentionRequired, ResumeReclaim)] = AwaitingRevocation,
        [(AttentionRequired, ReturnToReady)] = Ready,
        [(AttentionRequired, CloseSkipped)] = ClosedSkipped,
        [(AttentionRequired, CloseComplete)] = ClosedComplete,
        [(AttentionRequired, ActivityDetected)] = ClosedCanceled,
        [(AttentionRequired, RuleNoLongerSelects)] = ClosedCanceled,
        [(AttentionRequired, SubscriptionGone)] = ClosedSkipped,
        [(AttentionRequired, ProfileDeleted)] = ClosedSkipped,
        [(AwaitingUser, HolderKeep)] = AwaitingApproval,
        [(AwaitingUser, HolderRemove)] = AwaitingRevocation,
        [(AwaitingUser, NoAnswer)] = AwaitingRevocation,
        [(AwaitingUser, CloseSkipped)] = ClosedSkipped,
        [(AwaitingUser, ActivityDetected)] = ClosedCanceled,
        [(AwaitingUser, RuleNoLongerSelects)] = ClosedCanceled,
        [(AwaitingUser, SubscriptionGone)] = ClosedSkipped,
        [(AwaitingUser, ProfileDeleted)] = ClosedSkipped,
        [(AwaitingApproval, ApproveKeep)] = ClosedSkipped,
        [(AwaitingApproval, RejectKeep)] = AwaitingRevocation,
        [(AwaitingApproval, ActivityDetected)] = ClosedCanceled,
        [(AwaitingApproval, RuleNoLongerSelects)] = ClosedCanceled,
        [(AwaitingApproval, SubscriptionGone)] = ClosedSkipped,
        [(AwaitingApproval, ProfileDeleted)] = ClosedSkipped,
        [(AwaitingRevocation, ReclaimSucceeded)] = ClosedComplete,
        [(AwaitingRevocation, ReclaimFailed)] = AttentionRequired,
        [(AwaitingRevocation, CloseComplete)] = ClosedComplete,
        [(AwaitingRevocation, CloseSkipped)] = ClosedSkipped,
        [(AwaitingRevocation, ActivityDetected)] = ClosedCanceled,
        [(AwaitingRevocation, RuleNoLongerSelects)] = ClosedCanceled,
        [(AwaitingRevocation, RecheckFailed)] = ClosedSkipped,
        [(AwaitingRevocation, SubscriptionGone)] = ClosedComplete,
        [(AwaitingRevocation, ProfileDeleted)] = ClosedSkipped,
    };

    public static TheoryData<CandidateState, CandidateAction> EveryPair()
    {
        var data = new TheoryData<CandidateState, CandidateAction>();
        foreach (var state in Enum.GetValues<CandidateState>())
        {
            foreach (var action in Enum.GetValues<CandidateAction>())
            {
                data.Add(state, action);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Every_state_allows_exactly_the_actions_of_the_table_and_refuses_the_rest_naming_state_and_action(CandidateState state, CandidateAction action)
    {
        foreach (var notifies in new[] { false, true })
        {
            CandidateState? expected = (state, action) == (Ready, Reclaim)
                ? (notifies ? AwaitingUser : AwaitingRevocation)
                : Expected.TryGetValue((state, action), out var to) ? to : null;

            if (expected is { } target)
            {
                Assert.Equal(target, CandidateLifecycle.Next("RC0001001", state, action, notifies));
            }
            else
            {
                var refused = Assert.Throws<IllegalCandidateTransitionException>(() => CandidateLifecycle.Next("RC0001001", state, action, notifies));
                Assert.Contains(CandidateLifecycle.Describe(state), refused.Message, StringComparison.Ordinal);
                Assert.Contains(CandidateLifecycle.Describe(action), refused.Message, StringComparison.Ordinal);
                Assert.Contains("RC0001001", refused.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Closed_states_allow_nothing_and_numbers_read_as_ServiceNow_writes_them()
    {
        Assert.All(CandidateLifecycle.ClosedStates, s => Assert.Empty(CandidateLifecycle.PermittedActions(s)));
        Assert.Equal("RC0001001", RemovalCandidate.FormatNumber(1));
        Assert.Equal("RC0012345", RemovalCandidate.FormatNumber(11_345));
        Assert.True(RemovalCandidate.TryParseNumber("RC0012345", out var id));
        Assert.Equal(11_345, id);
        Assert.False(RemovalCandidate.TryParseNumber("RC0000999", out _));
        Assert.False(RemovalCandidate.TryParseNumber("INC0012345", out _));
    }
}
