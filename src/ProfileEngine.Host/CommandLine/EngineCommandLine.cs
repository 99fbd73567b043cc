using System.CommandLine;
using ProfileEngine.Host.Api;

namespace ProfileEngine.Host.CommandLine;

/// <summary>
/// The host program's verbs: <c>users</c>, <c>profiles</c>, <c>jobs</c>, <c>workflows</c>, <c>candidates</c>,
/// <c>reconcile</c> and <c>demo</c>. Each verb group lives in its own file and adds itself in <see cref="Build"/>. Exit codes:
/// 0 done, 1 the engine said no (failed validation, problems found), 2 the request was refused or failed as
/// <see cref="EngineProblems"/> lists (a refused request printed by field, anything else its message).
/// </summary>
public static class EngineCommandLine
{
    public static IReadOnlyList<string> Verbs { get; } = ["users", "profiles", "jobs", "workflows", "candidates", "reconcile", "demo", "db"];

    /// <summary>Recursive: <c>--data-folder</c> after any verb points it at another data folder than appsettings.json's.</summary>
    public static Option<string?> DataFolder { get; } = new("--data-folder") { Description = "the engine's data folder (default: appsettings.json's)", Recursive = true };

    public static bool IsVerb(string[] args) => args is [var first, ..] && Verbs.Contains(first, StringComparer.Ordinal);

    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        var invocation = new InvocationConfiguration { Output = output ?? Console.Out, Error = error ?? Console.Error };
        return Build(invocation.Output, invocation.Error).Parse(args).InvokeAsync(invocation, cancellationToken);
    }

    private static RootCommand Build(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("ProfileEngine: without a verb, runs the server; with one, works on the engine's data folder.");
        root.Options.Add(DataFolder);
        var verb = new VerbRunner(output, error);
        root.Subcommands.Add(UsersCommands.Create(verb));
        root.Subcommands.Add(ProfilesCommands.Create(verb));
        root.Subcommands.Add(JobsCommands.Create(verb));
        root.Subcommands.Add(WorkflowsCommands.Create(verb));
        root.Subcommands.Add(CandidatesCommands.Create(verb));
        root.Subcommands.Add(ReconcileCommand.Create(verb));
        root.Subcommands.Add(DemoCommand.Create(output, error));
        root.Subcommands.Add(DbCommands.Create(verb));
        return root;
    }
}

/// <summary>Opens the engine for one verb and turns the requests' refusals into messages and exit code 2.</summary>
public sealed class VerbRunner(TextWriter output, TextWriter error)
{
    /// <param name="migrate">Whether opening the engine migrates its database first (every verb but <c>db</c>'s).</param>
    public void Handle(Command command, Func<CliEngine, ParseResult, CancellationToken, Task<int>> action, bool migrate = true)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var engine = await CliEngine.OpenAsync(parse.GetValue(EngineCommandLine.DataFolder), output, error, cancellationToken, migrate);
            try
            {
                return await action(engine, parse, cancellationToken);
            }
            catch (Exception e) when (EngineProblems.Describe(e) is { } problem)
            {
                await WriteAsync(problem);
                return 2;
            }
        });
    }

    /// <summary>A refused request lists its errors by field under its title; any other problem is its message.</summary>
    private async Task WriteAsync(EngineProblem problem)
    {
        if (!problem.IsRefusedInput)
        {
            await error.WriteLineAsync(problem.Detail);
            return;
        }

        await error.WriteLineAsync($"{problem.Title}:");
        foreach (var (field, messages) in problem.Errors)
        {
            foreach (var message in messages)
            {
                await error.WriteLineAsync($"  {field}: {message}");
            }
        }
    }
}
