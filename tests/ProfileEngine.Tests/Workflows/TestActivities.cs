using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Hosting;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Tests.Workflows;

/// <summary>Custom activities the scenarios use, written with the same authoring API a feature team uses.</summary>
public static class TestActivities
{
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<Script>();
        services.AddWorkflowActivity<Greet>()
            .AddWorkflowActivity<Flaky>()
            .AddWorkflowActivity<Count>()
            .AddWorkflowActivity<Pager>()
            .AddWorkflowActivity<Classify>()
            .AddWorkflowActivity<ClaimThenWait>()
            .AddWorkflowActivity<CountWaiting>()
            .AddWorkflowActivity<MarkInCommit>()
            .AddWorkflowActivity<AssumeThenClaim>();
    }

    /// <summary>What the test activities do and what they saw, per harness (per "process").</summary>
    public sealed class Script
    {
        public ConcurrentDictionary<string, int> FailuresLeft { get; } = new();

        /// <summary>How many times <see cref="AssumeThenClaim"/>'s commit work refuses its assumption.</summary>
        public int RefusalsLeft { get; set; }

        public ConcurrentDictionary<string, int> Counts { get; } = new();

        public ConcurrentQueue<int> PagesProcessed { get; } = new();

        /// <summary>After this page is checkpointed, <see cref="Crash"/> is cancelled: the "process" dies mid-activity.</summary>
        public int? CrashAfterPage { get; set; }

        public CancellationTokenSource Crash { get; } = new();

        /// <summary>After this page is checkpointed the pager signals <see cref="Paused"/> and waits for <see cref="Continue"/>.</summary>
        public int? PauseAfterPage { get; set; }

        public TaskCompletionSource Paused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Continue { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [Activity("Test.Greet", Description = "Builds a greeting.")]
    public sealed class Greet : WorkflowActivity
    {
        [Input(Required = true)]
        public Input<string> Person { get; } = new();

        [Input]
        public Input<int> Times { get; } = new();

        [Output]
        public Output<string> Greeting { get; } = new();

        public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
        {
            var times = Times.GetOrDefault(1);
            Greeting.Set(string.Join(" ", Enumerable.Repeat($"Hello {Person.Get()}!", times)));
            return ValueTask.FromResult(ActivityResult.Done());
        }
    }

    /// <summary>Fails as often as the script says for its key, then succeeds.</summary>
    [Activity("Test.Flaky")]
    public sealed class Flaky(Script script) : WorkflowActivity
    {
        [Input(Required = true)]
        public Input<string> Key { get; } = new();

        public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
        {
            var key = Key.Get();
            if (script.FailuresLeft.TryGetValue(key, out var left) && left > 0)
            {
                script.FailuresLeft[key] = left - 1;
                throw new InvalidOperationException($"vendor said no (attempt {context.Attempt})");
            }

            context.Log($"{key} succeeded on attempt {context.Attempt}");
            return ValueTask.FromResult(ActivityResult.Done());
        }
    }

    /// <summary>Counts its runs per key: how a test sees that a continuation ran exactly once.</summary>
    [Activity("Test.Count")]
    public sealed class Count(Script script) : WorkflowActivity
    {
        [Input(Required = true)]
        public Input<string> Key { get; } = new();

        public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
        {
            script.Counts.AddOrUpdate(Key.Get(), 1, (_, n) => n + 1);
            return ValueTask.FromResult(ActivityResult.Done());
        }
    }

    /// <summary>A long activity: processes pages, keeping the next page as its checkpoint so a resume continues.</summary>
    [Activity("Test.Pager")]
    public sealed class Pager(Script script) : WorkflowActivity
    {
        [Input(Required = true)]
        public Input<int> Pages { get; } = new();

        [Output]
        public Output<int> Processed { get; } = new();

        public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
        {
            var page = context.Checkpoint?["nextPage"]?.GetValue<int>() ?? 1;
            for (; page <= Pages.Get(); page++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                script.PagesProcessed.Enqueue(page);
                await context.SaveCheckpointAsync(new JsonObject { ["nextPage"] = page + 1 }, cancellationToken);
                if (script.CrashAfterPage == page)
                {
                    await script.Crash.CancelAsync();
                }

                if (script.PauseAfterPage == page)
                {
                    script.Paused.TrySetResult();
                    await script.Continue.Task.WaitAsync(cancellationToken);
                }
            }

            Processed.Set(Pages.Get());
            return ActivityResult.Done();
        }
    }

    /// <summary>A custom activity with its own ports.</summary>
    [Activity("Test.Classify", Outcomes = ["Small", "Large"])]
    public sealed class Classify : WorkflowActivity
    {
        [Input(Required = true)]
        public Input<int> Size { get; } = new();

        public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(ActivityResult.Outcome(Size.Get() < 10 ? "Small" : "Large"));
    }

    /// <summary>Writes a row in the commit of its result (a claim), then waits for an event, or fails when told to.</summary>
    [Activity("Test.ClaimThenWait")]
    public sealed class ClaimThenWait : WorkflowActivity
    {
        [Input]
        public Input<bool> Fail { get; } = new();

        public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(context);
            var instance = context.InstanceId;
            context.CommitWithResult((db, ct) =>
            {
                db.Add(new ProfileEngine.Workflows.Persistence.WorkflowLogRecord { Id = "claim-" + instance, InstanceId = instance, ActivityId = "claim", Message = "claimed" });
                return Task.CompletedTask;
            });
            return Fail.GetOrDefault(false)
                ? throw new InvalidOperationException("told to fail")
                : ValueTask.FromResult(ActivityResult.Suspend(BookmarkRequest.ForEvent("Go", context.CorrelationId)));
        }
    }

    /// <summary>Reads how many instances wait (on the run's own connection) and logs it, or fails inside the read when told to.</summary>
    [Activity("Test.CountWaiting")]
    public sealed class CountWaiting : WorkflowActivity
    {
        [Input]
        public Input<bool> Fail { get; } = new();

        public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(context);
            var fail = Fail.GetOrDefault(false);
            var waiting = await context.ReadAsync<WorkflowDbContext, int>(
                (db, ct) => fail
                    ? throw new InvalidOperationException("the read failed")
                    : db.Set<WorkflowInstanceRecord>().CountAsync(i => i.Status == WorkflowStatus.Suspended, ct),
                cancellationToken);
            context.Log($"waiting: {waiting}");
            return ActivityResult.Done();
        }
    }

    /// <summary>Counts its runs per key and writes a row with the key in the commit of its result, and nowhere else.</summary>
    [Activity("Test.MarkInCommit")]
    public sealed class MarkInCommit(Script script) : WorkflowActivity
    {
        [Input(Required = true)]
        public Input<string> Key { get; } = new();

        public override bool EffectsCommitWithInstance => true;

        public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(context);
            var (key, instance) = (Key.Get(), context.InstanceId);
            script.Counts.AddOrUpdate(key, 1, (_, n) => n + 1);
            context.CommitWithResult((db, ct) =>
            {
                db.Add(new WorkflowLogRecord { Id = "mark-" + instance, InstanceId = instance, ActivityId = "mark", Message = key });
                return Task.CompletedTask;
            });
            return ValueTask.FromResult(ActivityResult.Done());
        }
    }

    /// <summary>
    /// On a new instance's first run, assumes without reading; otherwise "reads" first. Its commit work refuses as often
    /// as the script says (after reading too, which a real activity must not do). Logs which way it went, and writes a
    /// row with its result.
    /// </summary>
    [Activity("Test.AssumeThenClaim")]
    public sealed class AssumeThenClaim(Script script) : WorkflowActivity
    {
        public override bool EffectsCommitWithInstance => true;

        public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(context);
            var assumed = context.IsUncommittedStart && !context.IsStartedAgain;
            var instance = context.InstanceId;
            script.Counts.AddOrUpdate(assumed ? "assumed" : "read", 1, (_, n) => n + 1);
            context.Log(assumed ? "assumed" : "read first");
            context.CommitWithResult((db, ct) =>
            {
                if (script.RefusalsLeft-- > 0)
                {
                    throw new StartAgainException("the assumption does not hold");
                }

                db.Add(new WorkflowLogRecord { Id = "claim-" + instance, InstanceId = instance, ActivityId = "claim", Message = assumed ? "claimed" : "claimed after reading" });
                return Task.CompletedTask;
            });
            return ValueTask.FromResult(ActivityResult.Done());
        }
    }
}
