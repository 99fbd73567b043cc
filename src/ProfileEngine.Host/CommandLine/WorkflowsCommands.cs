using System.CommandLine;
using Microsoft.Extensions.Options;
using ProfileEngine.Workflows.Definitions;
using ProfileEngine.Workflows.Hosting;

namespace ProfileEngine.Host.CommandLine;

/// <summary>
/// <c>workflows validate [folder]</c>: reads and validates every definition file as the server's loader does, without
/// importing anything; lists each problem (file, JSON path, reason) and exits 1 when there is one.
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
            var claimed = new Dictionary<string, string>(StringComparer.Ordinal);
            var files = Directory.EnumerateFiles(folder, "*.json", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToList();
            foreach (var file in files)
            {
                var name = Path.GetFileName(file);
                var read = DefinitionReader.Read(await File.ReadAllTextAsync(file, cancellationToken), name);
                var found = read.Definition is { } definition ? validator.Validate(definition, name) : read.Problems;
                problems.AddRange(found);
                if (found.Count == 0 && !claimed.TryAdd(read.Definition!.DefinitionId, name))
                {
                    problems.Add(new DefinitionProblem(name, "$.definitionId", $"the definition '{read.Definition.DefinitionId}' is also in {claimed[read.Definition.DefinitionId]}"));
                }
            }

            foreach (var problem in problems)
            {
                await engine.Output.WriteLineAsync(problem.ToString());
            }

            await engine.Output.WriteLineAsync($"{files.Count} files, {problems.Count} problems.");
            return problems.Count == 0 ? 0 : 1;
        });
        return new Command("workflows", "subflow definitions") { validate };
    }
}
