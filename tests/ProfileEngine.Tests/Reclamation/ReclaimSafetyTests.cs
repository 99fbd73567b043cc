using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Profiles;
using ProfileEngine.Reclamation;
using ProfileEngine.Subscriptions;
using ProfileEngine.WebexSimulator.Faults;
using ProfileEngine.Workflows.Persistence;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Reclamation;

/// <summary>The Reclaim subflow's safety rules, each checked with the simulator's own record of license removals.</summary>
public sealed class ReclaimSafetyTests
{
    [Fact]
    public async Task An_action_the_state_does_not_allow_is_refused_with_the_state_and_the_action_and_changes_nothing()
    {
        await using var org = await ReclaimOrg.StartAsync();
        await org.RunActivityAsync();
        var candidate = (await org.CandidatesAsync())[0];

        var refused = await Assert.ThrowsAsync<IllegalCandidateTransitionException>(() => org.DecideAsync(candidate, CandidateAction.ApproveKeep));

        Assert.Equal($"Removal candidate {candidate.Number} is Ready; Approve Keep is not allowed in that state.", refused.Message);
        Assert.Equal(CandidateState.Ready, (await org.CandidateAsync(candidate.Id)).State);
        Assert.Equal(0, org.RemovalCalls());
    }

    [Fact]
    public async Task A_double_click_on_Reclaim_removes_the_license_once()
    {
        await using var org = await ReclaimOrg.StartAsync();
        await org.RunActivityAsync();
        var candidate = (await org.CandidatesAsync())[0];

        var clicks = await Task.WhenAll(
            Attempt(() => org.DecideAsync(candidate, CandidateAction.Reclaim)),
            Attempt(() => org.DecideAsync(candidate, CandidateAction.Reclaim)));

        Assert.Single(clicks, c => c is null);
        Assert.Single(clicks, c => c is IllegalCandidateTransitionException or RequestConflictException);
        Assert.Equal(CandidateState.ClosedComplete, (await org.CandidateAsync(candidate.Id)).State);
        Assert.Equal(1, org.RemovalCalls());
        Assert.False(org.Holds(candidate));
    }

    [Fact]
    public async Task A_decision_is_applied_when_the_candidates_version_moves_between_the_flows_read_and_its_write()
    {
        // What a second reviewer's claim does when it lands while the first decision is being applied. Only PostgreSQL
        // lets it land there: SQLite's write transaction holds off every other writer from the flow's read to its write.
        var moveVersionOnce = new MoveCandidateVersionOnce();
        await using var org = await ReclaimOrg.StartAsync(configure: s => s.ConfigureDbContext<ProfileEngineDbContext>(o => o.AddInterceptors(moveVersionOnce)));
        await org.RunActivityAsync();
        var candidate = (await org.CandidatesAsync())[0];
        moveVersionOnce.Arm(candidate.Id);

        await org.DecideAsync(candidate, CandidateAction.Reclaim);

        Assert.Equal(org.Engine.Data.Provider == DatabaseProvider.PostgreSql, moveVersionOnce.Moved);
        var after = await org.CandidateAsync(candidate.Id);
        Assert.Equal(CandidateState.ClosedComplete, after.State);
        Assert.Equal(1, org.RemovalCalls());
        var flow = await org.Engine.Get<IWorkflowRuntime>().GetAsync(after.WorkflowInstanceId!);
        Assert.Equal(WorkflowStatus.Finished, flow!.Summary.Status);
    }

    [Fact]
    public async Task Two_reviewers_deciding_at_once_get_one_decision_and_the_license_is_removed_only_if_Reclaim_won()
    {
        await using var org = await ReclaimOrg.StartAsync();
        await org.RunActivityAsync();
        var candidate = (await org.CandidatesAsync())[0];

        var decisions = await Task.WhenAll(
            Attempt(() => org.DecideAsync(candidate, CandidateAction.Reclaim, reviewer: "rita")),
            Attempt(() => org.DecideAsync(candidate, CandidateAction.CloseSkipped, reviewer: "sam")));

        Assert.Single(decisions, d => d is null);
        var after = await org.CandidateAsync(candidate.Id);
        var reclaimWon = decisions[0] is null;
        Assert.Equal(reclaimWon ? CandidateState.ClosedComplete : CandidateState.ClosedSkipped, after.State);
        Assert.Equal(reclaimWon ? 1 : 0, org.RemovalCalls());
        Assert.Equal(!reclaimWon, org.Holds(candidate));
    }

    [Fact]
    public async Task Reclaim_All_decides_the_Ready_candidates_of_the_filter_and_leaves_the_others()
    {
        await using var org = await ReclaimOrg.StartAsync();
        await org.RunActivityAsync();
        var all = await org.CandidatesAsync();
        Assert.True(all.Count > 3, "enough candidates to leave some");
        await org.DecideAsync(all[0], CandidateAction.CloseSkipped);

        var result = await org.Engine.SendAsync(s => s.Send(new ReclaimAllCandidates(org.ProfileId, Note: "quarterly clean-up", Limit: 3)), "rita.reviewer");

        Assert.Equal((3, 3, 0), (result.Matched, result.Decided, result.Skipped));
        var after = await org.CandidatesAsync();
        Assert.Equal(CandidateState.ClosedSkipped, after[0].State);
        Assert.All(after.Skip(1).Take(3), c => Assert.Equal(CandidateState.ClosedComplete, c.State));
        Assert.All(after.Skip(4), c => Assert.Equal(CandidateState.Ready, c.State));
        Assert.Equal(3, org.RemovalCalls());
    }

    [Fact]
    public async Task A_background_Reclaim_All_is_queued_in_Quartz_and_reports_its_progress_and_result()
    {
        await using var org = await ReclaimOrg.StartAsync();
        await org.RunActivityAsync();
        var ready = (await org.CandidatesAsync()).Count;

        var queued = await org.Engine.SendAsync(s => s.Send(new StartReclaimAll(org.ProfileId, Limit: 2)), "rita.reviewer");

        Assert.Equal((BackgroundRunStatus.Queued, 2, 0), (queued.Status, queued.Matched, queued.Decided));
        var scheduler = await org.Engine.SchedulerAsync();
        Assert.True(await scheduler.Exists(new Quartz.JobKey("reclaim-all-" + queued.Id.ToString("N"), "reclamation")));

        await org.Engine.Get<ReclaimAllJob>().RunAsync(queued.Id, CancellationToken.None);

        var done = await org.Engine.SendAsync(s => s.Send(new GetReclaimAllRun(queued.Id)));
        Assert.Equal((BackgroundRunStatus.Finished, 2, 2, 0), (done.Status, done.Matched, done.Decided, done.Skipped));
        Assert.NotNull(done.FinishedAt);
        Assert.Equal(2, org.RemovalCalls());
        Assert.Equal(ready - 2, (await org.CandidatesAsync()).Count(c => c.State == CandidateState.Ready));
        var notes = await org.Engine.QueryDbAsync(db => db.CandidateWorkNotes.Where(n => n.Action == nameof(CandidateAction.Reclaim)).Select(n => n.Author).ToListAsync());
        Assert.Equal(["rita.reviewer", "rita.reviewer"], notes);
    }

    [Fact]
    public async Task A_crash_between_the_vendors_answer_and_our_commit_is_finished_by_recovery_without_a_second_removal()
    {
        var crash = new CrashAfterRemoval();
        await using var org = await ReclaimOrg.StartAsync(configure: s => s.AddHttpClient("Webex").AddHttpMessageHandler(() => crash));
        await org.RunActivityAsync();
        var candidate = (await org.CandidatesAsync())[0];

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => org.DecideAsync(candidate, CandidateAction.Reclaim, cancellationToken: crash.Token));
        Assert.False(org.Holds(candidate));
        var left = await org.CandidateAsync(candidate.Id);
        Assert.Equal(CandidateState.AwaitingRevocation, left.State);
        Assert.NotNull(left.ReclaimIntentAt);

        await org.Org.RestartAsync();
        await org.Engine.Get<IWorkflowRuntime>().RecoverAsync();

        var done = await org.CandidateAsync(candidate.Id);
        Assert.Equal(CandidateState.ClosedComplete, done.State);
        Assert.Equal(ReclaimOrg.Price, done.ActualSavings);
        Assert.Equal(1, org.RemovalCalls());
        var notes = await org.Engine.QueryDbAsync(db => db.CandidateWorkNotes.Where(n => n.CandidateId == candidate.Id).Select(n => n.Text).ToListAsync());
        Assert.Contains(notes, n => n.Contains("without calling again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_reclaim_subflow_removes_nothing_without_a_decision()
    {
        await using var org = await ReclaimOrg.StartAsync();
        await org.RunActivityAsync();
        var candidate = (await org.CandidatesAsync())[0];

        var run = await org.Engine.Get<IWorkflowRuntime>().StartAsync(WebexSubflows.Reclaim, new JsonObject { ["candidateId"] = candidate.Id }, candidate.Number);

        Assert.Equal(WorkflowStatus.Finished, run.Status);
        Assert.Equal(CandidateState.Ready, (await org.CandidateAsync(candidate.Id)).State);
        Assert.Equal(0, org.RemovalCalls());
        Assert.True(org.Holds(candidate));
    }

    [Fact]
    public async Task A_vendor_error_needs_attention_with_the_vendors_message_and_trackingId_and_Resume_Reclaim_retries_it()
    {
        await using var org = await ReclaimOrg.StartAsync();
        await org.RunActivityAsync();
        var candidate = (await org.CandidatesAsync())[0];
        org.Sim.State.Faults.AddScript([new ScriptedFault { PathPrefix = "/v1/licenses/users", Method = "PATCH", Kind = "status", Status = 400 }]);

        var failed = await org.DecideAsync(candidate, CandidateAction.Reclaim);

        Assert.Equal(CandidateState.AttentionRequired, failed.Candidate.State);
        Assert.Contains("400", failed.Candidate.VendorMessage, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(failed.Candidate.VendorTrackingId));
        Assert.True(org.Holds(candidate));
        Assert.Contains(CandidateAction.ResumeReclaim, failed.Candidate.PermittedActions);

        var resumed = await org.DecideAsync(candidate, CandidateAction.ResumeReclaim, reviewer: "otto.operator");

        Assert.Equal(CandidateState.ClosedComplete, resumed.Candidate.State);
        Assert.False(org.Holds(candidate));
        Assert.Equal(2, org.RemovalCalls());
    }

    [Fact]
    public async Task Closing_by_hand_is_refused_while_the_flow_is_between_the_Reclaim_decision_and_the_removal()
    {
        var vendor = new HoldVendorReads();
        await using var org = await ReclaimOrg.StartAsync(configure: s => s.AddHttpClient("Webex").AddHttpMessageHandler(() => vendor));
        await org.RunActivityAsync();
        var candidate = (await org.CandidatesAsync())[0];

        // Rita's Reclaim moves the candidate to Awaiting Revocation and its re-check waits on Webex; Sam closes it by hand then.
        vendor.Arm();
        var reclaim = org.DecideAsync(candidate, CandidateAction.Reclaim, reviewer: "rita");
        await vendor.Held.WaitAsync(TimeSpan.FromSeconds(30));
        var during = await org.CandidateAsync(candidate.Id);
        var refused = await Assert.ThrowsAsync<RequestConflictException>(() => org.DecideAsync(candidate, CandidateAction.CloseSkipped, reviewer: "sam"));
        vendor.Release();
        var done = await reclaim;

        Assert.Equal(CandidateState.AwaitingRevocation, during.State);
        Assert.Contains("being reclaimed", refused.Message, StringComparison.Ordinal);
        Assert.Equal(CandidateState.ClosedComplete, done.Candidate.State);
        Assert.Equal(1, org.RemovalCalls());
        Assert.False(org.Holds(candidate));
    }

    [Fact]
    public async Task The_recheck_closes_instead_of_removing_when_the_user_is_excluded_the_license_is_gone_or_there_is_newer_activity()
    {
        await using var org = await ReclaimOrg.StartAsync();
        await org.RunActivityAsync();
        var candidates = await org.CandidatesAsync();
        var (excluded, removedElsewhere) = (candidates[0], candidates[1]);

        // Messaging, Calling or Meetings (the other products have a test of their own below).
        var active = candidates.Skip(2).First(c => ProductActivity(c) is not null);

        await org.Engine.QueryDbAsync(async db =>
        {
            using var audit = ProfileEngine.Audit.AuditScope.Begin(new("test", "SeedExclusion", org.Org.Clock.GetUtcNow()));
            db.UserExclusions.Add(new UserExclusion { Id = Guid.NewGuid(), UserPrincipalName = excluded.UserPrincipalName!.ToUpperInvariant(), CreatedAt = org.Org.Clock.GetUtcNow() });
            return await db.SaveChangesAsync();
        });
        org.RemoveAtVendor(removedElsewhere);
        // Since the last sync, and two hours ago: a meeting then has ended (Webex shows ended meetings only, 15 minutes after their end).
        org.Org.Clock.Advance(TimeSpan.FromHours(3));
        org.Sim.State.AppendActivity(active.ExternalUserId, ProductActivity(active)!, org.Org.Clock.GetUtcNow().AddHours(-2));

        Assert.Equal(CandidateState.ClosedSkipped, (await org.DecideAsync(excluded, CandidateAction.Reclaim)).Candidate.State);
        Assert.Equal(CandidateState.ClosedSkipped, (await org.DecideAsync(removedElsewhere, CandidateAction.Reclaim)).Candidate.State);
        Assert.Equal(CandidateState.ClosedCanceled, (await org.DecideAsync(active, CandidateAction.Reclaim)).Candidate.State);

        Assert.Equal(0, org.RemovalCalls());
        Assert.True(org.Holds(excluded));
        Assert.True(org.Holds(active));
    }

    [Fact]
    public async Task With_Reclaim_subscriptions_off_the_candidate_waits_in_Awaiting_Revocation_until_it_is_turned_on()
    {
        await using var org = await ReclaimOrg.StartAsync();
        await org.Org.ConnectAliasAsync(WebexAliases.SubscriptionActivity);
        var profile = await org.Engine.SendAsync(s => s.Send(new GetProfile(org.ProfileId)));
        await org.Engine.SendAsync(s => s.Send(new UpdateProfile(org.ProfileId, profile.Version, profile.DisplayName, true, true, false, profile.AnalyzeUserActivityFrom)));
        await org.RunActivityAsync();
        var candidate = (await org.CandidatesAsync())[0];

        var decided = await org.DecideAsync(candidate, CandidateAction.Reclaim);

        Assert.Equal(CandidateState.AwaitingRevocation, decided.Candidate.State);
        Assert.Contains(decided.WorkNotes, n => n.Text.Contains("Reclaim subscriptions is off", StringComparison.Ordinal));
        Assert.Equal(0, org.RemovalCalls());
        Assert.True(org.Holds(candidate));

        profile = await org.Engine.SendAsync(s => s.Send(new GetProfile(org.ProfileId)));
        await org.Engine.SendAsync(s => s.Send(new UpdateProfile(org.ProfileId, profile.Version, profile.DisplayName, true, true, true, profile.AnalyzeUserActivityFrom)));
        var evaluation = await org.Engine.SendAsync(s => s.Send(new EvaluateReclamationRules(org.ProfileId)));

        Assert.Equal(1, evaluation.WaitingReclaimsStarted);
        Assert.Equal(CandidateState.ClosedComplete, (await org.CandidateAsync(candidate.Id)).State);
        Assert.Equal(1, org.RemovalCalls());
    }

    [Fact]
    public async Task Webex_refusing_an_implicit_license_with_700006_needs_attention_with_its_message_and_trackingId()
    {
        await using var org = await ReclaimOrg.StartAsync();
        await org.RunActivityAsync();
        var paid = (await org.CandidatesAsync())[0];
        string implicitLicense;
        using (org.Sim.State.Read())
        {
            implicitLicense = org.Sim.State.Data.Licenses.Single(l => l.Implicit).Id;
        }

        // A candidate for a license Webex assigns implicitly (the download never makes one: it is free), to reach the refusal.
        var candidateId = await org.Engine.QueryDbAsync(async db =>
        {
            var subscription = new SoftwareSubscription
            {
                ProfileId = org.ProfileId, ExternalUserId = paid.ExternalUserId, UserPrincipalName = paid.UserPrincipalName, Identifier = implicitLicense,
                ModelId = paid.ModelId, Active = true, FirstSeenAt = paid.OpenedAt.AddDays(-200), UpdatedAt = paid.OpenedAt,
            };
            db.SoftwareSubscriptions.Add(subscription);
            await db.SaveChangesAsync();
            var candidate = new RemovalCandidate
            {
                ProfileId = org.ProfileId, ProfileName = paid.ProfileName, SubscriptionId = subscription.Id, OpenSubscriptionId = subscription.Id,
                ExternalUserId = paid.ExternalUserId, UserPrincipalName = paid.UserPrincipalName, Identifier = implicitLicense, ModelId = paid.ModelId,
                State = CandidateState.AwaitingRevocation, OpenedAt = paid.OpenedAt, UpdatedAt = paid.OpenedAt,
            };
            db.RemovalCandidates.Add(candidate);
            await db.SaveChangesAsync();
            return candidate.Id;
        });

        await org.Engine.Get<ReclaimRuns>().StartAsync(candidateId, CancellationToken.None);

        var after = await org.CandidateAsync(candidateId);
        Assert.Equal(CandidateState.AttentionRequired, after.State);
        Assert.Contains("700006", after.VendorMessage, StringComparison.Ordinal);
        Assert.Contains("implicitly assigned", after.VendorMessage, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(after.VendorTrackingId));
        Assert.Null(after.ReclaimingInstanceId);
        Assert.Equal(1, org.RemovalCalls());
    }

    [Fact]
    public async Task The_recheck_reads_the_sites_usage_report_for_a_Training_license_hosted_since_the_last_sync()
    {
        await using var org = await ReclaimOrg.StartAsync(users: 400);
        await org.RunActivityAsync();
        var training = (await org.CandidatesAsync()).First(c => c.ModelName!.Contains("Training", StringComparison.Ordinal));
        var other = (await org.CandidatesAsync()).First(c => c.ModelName!.Contains("Training", StringComparison.Ordinal) && c.Id != training.Id);

        org.Org.Clock.Advance(TimeSpan.FromDays(1));
        org.Sim.State.AppendActivity(training.ExternalUserId, "trainingHosted", org.Org.Clock.GetUtcNow().AddHours(-2));
        org.Sim.State.AppendActivity(other.ExternalUserId, "trainingAttended", org.Org.Clock.GetUtcNow().AddHours(-2));

        var hosted = await org.DecideAsync(training, CandidateAction.Reclaim);
        var attended = await org.DecideAsync(other, CandidateAction.Reclaim);

        Assert.Equal(CandidateState.ClosedCanceled, hosted.Candidate.State);
        Assert.Contains(hosted.WorkNotes, n => n.Text.Contains("TrainingCenter session", StringComparison.Ordinal));
        Assert.True(org.Holds(training));
        Assert.Equal(CandidateState.ClosedComplete, attended.Candidate.State);
        Assert.Equal(1, org.RemovalCalls());
    }

    [Fact]
    public async Task The_recheck_sees_a_meeting_hosted_in_the_last_day_that_the_usage_report_does_not_show_yet_and_not_one_only_attended()
    {
        await using var org = await ReclaimOrg.StartAsync(users: 200);
        await org.RunActivityAsync();
        string admin;
        using (org.Sim.State.Read())
        {
            admin = org.Sim.State.Data.AllPeople[org.Sim.State.Data.PrimaryAdmin].Id;
        }

        var meetings = (await org.CandidatesAsync()).Where(c => c.ModelName!.Contains("Meetings", StringComparison.Ordinal) && c.ExternalUserId != admin).ToList();
        var (hosting, attending) = (meetings[0], meetings[1]);

        // Webex's usage report shows a meeting up to 24 hours after it ended.
        org.Sim.State.SetUsageReportDelay(TimeSpan.FromHours(24));
        org.Org.Clock.Advance(TimeSpan.FromHours(3));
        org.Sim.State.AppendActivity(hosting.ExternalUserId, "meetingHosted", org.Org.Clock.GetUtcNow().AddHours(-2));
        org.Sim.State.AppendActivity(attending.ExternalUserId, "meetingAttended", org.Org.Clock.GetUtcNow().AddHours(-2));
        org.Sim.State.Requests.Clear();

        var hosted = await org.DecideAsync(hosting, CandidateAction.Reclaim);
        var attended = await org.DecideAsync(attending, CandidateAction.Reclaim);

        Assert.Equal(CandidateState.ClosedCanceled, hosted.Candidate.State);
        Assert.Contains(hosted.WorkNotes, n => n.Text.Contains("hosted a meeting on", StringComparison.Ordinal));
        Assert.Equal(org.Org.Clock.GetUtcNow().AddHours(-2), hosted.Candidate.LastActivity);
        Assert.True(org.Holds(hosting));
        Assert.Equal(CandidateState.ClosedComplete, attended.Candidate.State);
        Assert.Equal(1, org.RemovalCalls());
        var requests = org.Sim.State.Requests.Snapshot();
        Assert.Contains(requests, r => r.Path == "/v1/meetings" && r.Query.Contains("hostEmail=", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Path == "/v1/meetingReports/usage" && r.Query.Contains("serviceType=MeetingCenter", StringComparison.Ordinal));
    }

    /// <summary>An activity kind the simulator records that the recheck sees for the candidate's product, or null.</summary>
    private static string? ProductActivity(RemovalCandidate candidate) =>
        candidate.ModelName!.Contains("Meetings", StringComparison.Ordinal) ? "meetingHosted"
        : candidate.ModelName.Contains("Calling", StringComparison.Ordinal) ? "callRecord"
        : candidate.ModelName.Contains("Messaging", StringComparison.Ordinal) ? "message"
        : null;

    private static async Task<Exception?> Attempt(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>Plays a process that dies right after Webex removed the license, before the engine commits the result.</summary>
    private sealed class CrashAfterRemoval : DelegatingHandler
    {
        private readonly CancellationTokenSource _crash = new();

        public CancellationToken Token => _crash.Token;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Patch && request.RequestUri!.AbsolutePath == "/v1/licenses/users" && !_crash.IsCancellationRequested)
            {
                await _crash.CancelAsync();
                response.Dispose();
                throw new OperationCanceledException(_crash.Token);
            }

            return response;
        }
    }

    /// <summary>Once armed, moves the candidate's version on (on a connection of its own) just before the first save that changes its state.</summary>
    private sealed class MoveCandidateVersionOnce : SaveChangesInterceptor
    {
        private long? _candidateId;

        public bool Moved { get; private set; }

        public void Arm(long candidateId) => _candidateId = candidateId;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (_candidateId is { } id && !Moved && eventData.Context is ProfileEngineDbContext db && db.Database.IsNpgsql()
                && db.ChangeTracker.Entries<RemovalCandidate>().Any(e => e.Entity.Id == id && e.Property(c => c.State).IsModified))
            {
                Moved = true;
                var factory = db.GetService<IDbContextFactory<ProfileEngineDbContext>>();
                await using var other = await factory.CreateDbContextAsync(cancellationToken);
                await other.RemovalCandidates.Where(c => c.Id == id)
                    .ExecuteUpdateAsync(u => u.SetProperty(c => c.Version, c => c.Version + 1), cancellationToken);
            }

            return result;
        }
    }

    /// <summary>Once armed, holds the next GET to Webex until released.</summary>
    private sealed class HoldVendorReads : DelegatingHandler
    {
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _armed;

        public Task Held => _held.Task;

        public void Arm() => Volatile.Write(ref _armed, 1);

        public void Release() => _release.TrySetResult();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                _held.TrySetResult();
                await _release.Task.WaitAsync(cancellationToken);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
