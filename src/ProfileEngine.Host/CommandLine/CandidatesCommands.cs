using System.CommandLine;
using ProfileEngine.Messaging;
using ProfileEngine.Reclamation;

namespace ProfileEngine.Host.CommandLine;

/// <summary>
/// <c>candidates list|reclaim|skip</c>: the reviewer's queue from the command line. Reclaim runs the candidate's flow
/// in this process, so the Reclaim subflow calls the vendor from here (an embedded simulator must be running, e.g. in the server).
/// </summary>
public static class CandidatesCommands
{
    public static Command Create(VerbRunner verb)
    {
        ArgumentNullException.ThrowIfNull(verb);
        var profile = new Option<string?>("--profile") { Description = "only this profile (id or display name)" };
        var state = new Option<string?>("--state") { Description = "only this state, e.g. Ready or AwaitingRevocation" };
        var all = new Option<bool>("--all") { Description = "closed candidates too" };
        var take = new Option<int>("--take") { DefaultValueFactory = _ => 50, Description = "how many, newest first" };
        var list = new Command("list", "removal candidates, open ones by default") { profile, state, all, take };
        verb.Handle(list, async (engine, parse, cancellationToken) =>
        {
            var profileId = parse.GetValue(profile) is { } named ? (await ProfilesCommands.FindAsync(engine, named, cancellationToken)).Id : (Guid?)null;
            CandidateState? only = null;
            if (parse.GetValue(state) is { } text)
            {
                only = Enum.TryParse<CandidateState>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                    ? parsed
                    : throw new RequestValidationException(nameof(ListRemovalCandidates), "state", $"state must be one of {string.Join(", ", Enum.GetNames<CandidateState>())}, not '{text}'.");
            }

            var page = await engine.QueryAsync(
                new ListRemovalCandidates(profileId, only, only is null && !parse.GetValue(all) ? true : null, Take: parse.GetValue(take)), cancellationToken);
            foreach (var c in page.Items)
            {
                await engine.Output.WriteLineAsync($"{c.Number}  {c.StateName,-19}  {c.UserPrincipalName}  {c.ModelName}  {c.InactiveDays} days  {c.PotentialSavings:N2} {c.Currency}");
            }

            await engine.Output.WriteLineAsync($"{page.Items.Count} of {page.Total} candidate(s).");
            return 0;
        });

        return new Command("candidates", "removal candidates: the reviewer's queue")
        {
            list,
            Decide(verb, "reclaim", "approves reclaiming (Ready) or retries a reclaim that needed attention", CandidateAction.Reclaim),
            Decide(verb, "skip", "closes candidates as Closed Skipped without reclaiming", CandidateAction.CloseSkipped),
        };
    }

    private static Command Decide(VerbRunner verb, string name, string description, CandidateAction action)
    {
        var numbers = new Argument<string[]>("numbers") { Description = "candidate numbers, e.g. RC0001001", Arity = ArgumentArity.OneOrMore };
        var note = new Option<string?>("--note") { Description = "the work note kept with the decision" };
        var command = new Command(name, description) { numbers, note };
        verb.Handle(command, async (engine, parse, cancellationToken) =>
        {
            await engine.LoadDefinitionsAsync(cancellationToken);
            var refused = 0;
            foreach (var number in parse.GetValue(numbers)!)
            {
                var current = await engine.QueryAsync(new GetRemovalCandidate(number), cancellationToken);
                var chosen = action == CandidateAction.Reclaim && current.Candidate.State == CandidateState.AttentionRequired ? CandidateAction.ResumeReclaim : action;
                try
                {
                    var after = await engine.SendAsync(new DecideRemovalCandidate(number, chosen, parse.GetValue(note)), cancellationToken);
                    await engine.Output.WriteLineAsync($"{number}: {after.Candidate.StateName}{(after.Candidate.VendorMessage is { } said ? $" ({said})" : "")}");
                }
                catch (IllegalCandidateTransitionException illegal)
                {
                    await engine.Error.WriteLineAsync(illegal.Message);
                    refused++;
                }
            }

            return refused == 0 ? 0 : 1;
        });
        return command;
    }
}
