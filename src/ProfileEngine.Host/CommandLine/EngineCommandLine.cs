using System.CommandLine;
using ProfileEngine.Connectors;
using ProfileEngine.Messaging;

namespace ProfileEngine.Host.CommandLine;

/// <summary>
/// The host program's verbs: <c>users</c>, <c>profiles</c>, <c>jobs</c>, <c>workflows</c>, <c>candidates</c>,
/// <c>reconcile</c> and <c>demo</c>. Each verb group lives in its own file and adds itself in <see cref="Build"/>. Exit codes:
/// 0 done, 1 the engine said no (failed validation, problems found), 2 the request was refused (printed by field).
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

/// <summary>Opens the engine for one verb and turns the requests' refusals into messages and exit codes.</summary>
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
            catch (RequestValidationException refused)
            {
                await error.WriteLineAsync(refused.RequestName.Length > 0 ? $"{refused.RequestName} was refused:" : "Refused:");
                foreach (var (field, messages) in refused.Errors)
                {
                    foreach (var message in messages)
                    {
                        await error.WriteLineAsync($"  {field}: {message}");
                    }
                }

                return 2;
            }
            catch (Exception e) when (e is RequestNotFoundException or RequestConflictException or VendorCallException)
            {
                await error.WriteLineAsync(e.Message);
                return 2;
            }
        });
    }
}
