using System.CommandLine;
using Microsoft.Extensions.Options;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Hosting;
using ProfileEngine.Workflows.Loading;

namespace ProfileEngine.Host.CommandLine;

/// <summary>
/// <c>workflows validate [folder]</c>: reads and validates every definition file as the server's loader does, without
/// importing anything; lists each problem (file, JSON path, reason) and exits 1 when there is one.
/// <c>workflows export &lt;definitionId&gt; [--version N] [--output file]</c>: writes a stored version (default: the
/// published one) as a file a real Elsa 3 imports, to stdout or the file; exit 2 for an unknown id or version.
/// </summary>
public static class WorkflowsCommands
{
    public static Command Create(VerbRunner verb)
    {
        ArgumentNullException.ThrowIfNull(verb);
        var folderArgument = new Argument<string?>("folder") { Description = "default: the configured workflows folder", Arity = ArgumentArity.ZeroOrOne };
        var validate = new Command("validate", "checks every *.json definition in the folder") { folderArgument };
        verb.Handle(validate, async (engine, parse, cancellationToken) =>
        {
            var folder = parse.GetValue(folderArgument) is { } given
                ? Path.GetFullPath(given)
                : engine.Services.GetRequiredService<IOptions<WorkflowRuntimeOptions>>().Value
                    .ResolveDefinitionsFolder(engine.Services.GetRequiredService<IHostEnvironment>().ContentRootPath);
            if (!Directory.Exists(folder))
            {
                await engine.Error.WriteLineAsync($"{folder}: the folder does not exist.");
                return 1;
            }

            var validator = engine.Services.GetRequiredService<DefinitionValidator>();
            var problems = new List<DefinitionProblem>();
            var warnings = new List<DefinitionProblem>();
            var claimed = new Dictionary<string, string>(StringComparer.Ordinal);
            var files = Directory.EnumerateFiles(folder, "*.json", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToList();
            foreach (var file in files)
            {
                var name = Path.GetFileName(file);
                var read = DefinitionReader.Read(await File.ReadAllTextAsync(file, cancellationToken), name, validator.Registry);
                var check = read.Definition is { } definition ? validator.Check(definition, name) : new DefinitionCheck(read.Problems, []);
                var found = check.Problems;
                problems.AddRange(found);
                warnings.AddRange(read.Warnings.Concat(check.Warnings));
                if (found.Count == 0 && !claimed.TryAdd(read.Definition!.DefinitionId, name))
                {
                    problems.Add(new DefinitionProblem(name, "$.definitionId", $"the definition '{read.Definition.DefinitionId}' is also in {claimed[read.Definition.DefinitionId]}"));
                }
            }

            foreach (var problem in problems)
            {
                await engine.Output.WriteLineAsync(problem.ToString());
            }

            foreach (var warning in warnings)
            {
                await engine.Output.WriteLineAsync($"warning: {warning}");
            }

            await engine.Output.WriteLineAsync($"{files.Count} files, {problems.Count} problems.");
            return problems.Count == 0 ? 0 : 1;
        });
        return new Command("workflows", "subflow definitions") { validate, CreateExport(verb) };
    }

    private static Command CreateExport(VerbRunner verb)
    {
        var idArgument = new Argument<string>("definitionId") { Description = "the definition to export" };
        var versionOption = new Option<int?>("--version") { Description = "this version (default: the published one, else the latest)" };
        var outputOption = new Option<string?>("--output") { Description = "write to this file instead of stdout" };
        var export = new Command("export", "writes a definition version as a file a real Elsa 3 imports") { idArgument, versionOption, outputOption };
        verb.Handle(export, async (engine, parse, cancellationToken) =>
        {
            // As the server does at startup, so a data folder the server never ran on still has the definitions.
            await engine.LoadDefinitionsAsync(cancellationToken);
            var exporter = engine.Services.GetRequiredService<WorkflowDefinitionExporter>();
            var exported = await exporter.ExportAsync(parse.GetValue(idArgument)!, parse.GetValue(versionOption), cancellationToken);
            if (parse.GetValue(outputOption) is { } output)
            {
                var path = Path.GetFullPath(output);
                await File.WriteAllTextAsync(path, exported.Json, cancellationToken);
                await engine.Output.WriteLineAsync($"{exported.DefinitionId} v{exported.Version} written to {path}.");
            }
            else
            {
                await engine.Output.WriteLineAsync(exported.Json);
            }

            return 0;
        });
        return export;
    }
}
