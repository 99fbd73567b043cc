using System.CommandLine;
using ProfileEngine.Messaging;
using ProfileEngine.Profiles;
using ProfileEngine.Scheduling;

namespace ProfileEngine.Host.CommandLine;

/// <summary><c>jobs list|run</c>: a profile's scheduled jobs and their results; run now hands the job to the server's scheduler.</summary>
public static class JobsCommands
{
    public static Command Create(VerbRunner verb)
    {
        ArgumentNullException.ThrowIfNull(verb);
        var profileArgument = new Argument<string>("profile") { Description = "the profile's id or display name" };
        var take = new Option<int>("--take") { DefaultValueFactory = _ => 20, Description = "how many results, newest first" };
        var list = new Command("list", "the profile's scheduled jobs and their latest results") { profileArgument, take };
        verb.Handle(list, async (engine, parse, cancellationToken) =>
        {
            var profile = await ProfilesCommands.FindAsync(engine, parse.GetValue(profileArgument)!, cancellationToken);
            foreach (var job in profile.ScheduledJobs)
            {
                await engine.Output.WriteLineAsync($"job     {job.Name}  [{job.Cron} {job.TimeZone}]");
            }

            foreach (var run in await engine.QueryAsync(new ListJobResults(profile.Id, 0, parse.GetValue(take)), cancellationToken))
            {
                await engine.Output.WriteLineAsync($"result  {run.StartedAt:u}  {run.JobName}  {run.Outcome}  {run.Counts}  {run.Error}".TrimEnd());
            }

            return 0;
        });

        var process = new Argument<string>("process") { Description = "Subscriptions or Activity" };
        var run = new Command("run", "runs a published profile's job now (in the running server)") { profileArgument, process };
        verb.Handle(run, async (engine, parse, cancellationToken) =>
        {
            var profile = await ProfilesCommands.FindAsync(engine, parse.GetValue(profileArgument)!, cancellationToken);
            var text = parse.GetValue(process)!;
            if (!Enum.TryParse<ProfileProcess>(text, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                throw new RequestValidationException(nameof(RunProfileJobNow), "Process", $"process must be Subscriptions or Activity, not '{text}'.");
            }

            var accepted = await engine.SendAsync(new RunProfileJobNow(profile.Id, parsed), cancellationToken);
            await engine.Output.WriteLineAsync($"{accepted.JobName}: requested at {accepted.RequestedAt:u}; `jobs list {profile.Id}` shows its result.");
            return 0;
        });

        return new Command("jobs", "scheduled jobs and their results") { list, run };
    }
}
