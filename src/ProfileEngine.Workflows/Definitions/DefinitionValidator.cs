using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Activities.BuiltIn;
using ProfileEngine.Workflows.Expressions;

namespace ProfileEngine.Workflows.Definitions;

/// <summary>
/// Checks a definition against the activity types this runtime knows: types, required inputs, input types,
/// expressions, variables, connections (dangling, duplicate, cycles) and duplicate ids.
/// Every problem names the source, the JSON path and the reason.
/// </summary>
public sealed class DefinitionValidator(ActivityRegistry registry)
{
    public IReadOnlyList<DefinitionProblem> Validate(WorkflowDefinition definition, string source)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var run = new Run(registry, source);
        run.Check(definition);
        return run.Problems;
    }

    private sealed class Run(ActivityRegistry registry, string source)
    {
        private readonly HashSet<string> _variables = new(StringComparer.Ordinal);

        public List<DefinitionProblem> Problems { get; } = [];

        private void Problem(string path, string reason) => Problems.Add(new DefinitionProblem(source, path, reason));

        public void Check(WorkflowDefinition definition)
        {
            CheckVariables(definition.Variables);
            foreach (var node in definition.AllActivities())
            {
                if (node.Variables is not null)
                {
                    CheckVariables(node.Variables);
                }
            }

            if (definition.Root.Type is not (ActivityRegistry.Flowchart or ActivityRegistry.Sequence))
            {
                Problem($"{definition.Root.JsonPath}.type", $"the root must be {ActivityRegistry.Flowchart} or {ActivityRegistry.Sequence}, not {definition.Root.Type}");
            }

            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var node in definition.AllActivities())
            {
                if (!seen.TryAdd(node.Id, node.JsonPath))
                {
                    Problem($"{node.JsonPath}.id", $"duplicate activity id '{node.Id}' (also at {seen[node.Id]})");
                }

                CheckActivity(node);
            }
        }

        private void CheckVariables(List<VariableDefinition> variables)
        {
            foreach (var variable in variables)
            {
                if (!_variables.Add(variable.Name) || (variable.Id is { } id && id != variable.Name && !_variables.Add(id)))
                {
                    Problem(variable.JsonPath, $"duplicate variable '{variable.Name}'");
                }

                var type = TypeNames.Resolve(variable.TypeName);
                if (type is null)
                {
                    Problem($"{variable.JsonPath}.typeName", UnknownType(variable.TypeName));
                    continue;
                }

                if (variable.Value is not null && !(variable.Value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0))
                {
                    try
                    {
                        TypeNames.Convert(variable.Value, type);
                    }
                    catch (FormatException e)
                    {
                        Problem($"{variable.JsonPath}.value", $"the initial value of '{variable.Name}': {e.Message}");
                    }
                }
            }
        }

        private static string UnknownType(string typeName) =>
            $"unknown typeName '{typeName}' (known: {string.Join(", ", TypeNames.Known)}, and arrays of them)";

        private void CheckActivity(ActivityNode node)
        {
            if (node.CustomProperties?[Runtime.RetryPolicies.Property] is { } retryPolicy
                && Runtime.RetryPolicies.Parse(retryPolicy, out var retryError) is null)
            {
                Problem($"{node.JsonPath}.customProperties.{Runtime.RetryPolicies.Property}", retryError!);
            }

            var descriptor = registry.Resolve(node);
            if (descriptor is null)
            {
                var known = registry.All.Select(d => d.TypeName).Order(StringComparer.Ordinal);
                Problem($"{node.JsonPath}.type", $"unknown activity type '{node.Type}' (known: {string.Join(", ", known)})");
                return;
            }

            foreach (var required in descriptor.Inputs.Where(i => i.Required))
            {
                if (!node.Inputs.TryGetValue(required.Name, out var binding) || IsEmptyLiteral(binding, required.ClrType))
                {
                    Problem($"{node.JsonPath}.{required.Name}", $"{node.Type} '{node.Id}' needs the input '{required.Name}' ({TypeNames.NameOf(required.ClrType)})");
                }
            }

            foreach (var (name, binding) in node.Inputs)
            {
                var input = descriptor.FindInput(name);
                if (input is null && descriptor.HasOpenInputsAndOutputs)
                {
                    continue;
                }

                if (input is null)
                {
                    var inputs = descriptor.Inputs.Count == 0 ? "none" : string.Join(", ", descriptor.Inputs.Select(i => i.Name));
                    Problem(binding.JsonPath, $"{node.Type} has no input '{name}' (its inputs: {inputs})");
                    continue;
                }

                CheckInput(node, input, binding);
            }

            foreach (var (name, output) in node.Outputs)
            {
                if (descriptor.FindOutput(name) is null && !descriptor.HasOpenInputsAndOutputs)
                {
                    var outputs = descriptor.Outputs.Count == 0 ? "none" : string.Join(", ", descriptor.Outputs.Select(o => o.Name));
                    Problem(output.JsonPath, $"{node.Type} has no output '{name}' (its outputs: {outputs})");
                }
                else if (!_variables.Contains(output.MemoryReferenceId))
                {
                    Problem($"{output.JsonPath}.memoryReference.id", $"the output '{name}' is bound to '{output.MemoryReferenceId}', which is not a declared variable");
                }
            }

            foreach (var (path, reason) in descriptor.CheckNode?.Invoke(node) ?? [])
            {
                Problem(path, reason);
            }

            if (node.Type == "Elsa.SetVariable")
            {
                var reference = SetVariable.ReferencedVariable(node.Extensions[SetVariable.VariableProperty]);
                if (reference is null)
                {
                    Problem($"{node.JsonPath}.variable", "Elsa.SetVariable needs 'variable' with the id or name of a declared variable");
                }
                else if (!_variables.Contains(reference))
                {
                    Problem($"{node.JsonPath}.variable", $"'{reference}' is not a declared variable");
                }
            }

            if (descriptor.Kind == ActivityKind.Flowchart)
            {
                CheckFlowchart(node);
            }
        }

        private static bool IsEmptyLiteral(InputBinding binding, Type declared) =>
            binding.Expression.Type == Expression.Literal
            && (binding.Expression.Value is null
                || (declared != typeof(string) && binding.Expression.Value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0));

        private void CheckInput(ActivityNode node, InputDescriptor input, InputBinding binding)
        {
            var given = TypeNames.Resolve(binding.TypeName);
            if (given is null)
            {
                Problem($"{binding.JsonPath}.typeName", UnknownType(binding.TypeName));
            }
            else if (!TypeNames.IsCompatible(input.ClrType, given))
            {
                Problem($"{binding.JsonPath}.typeName", $"the input '{input.Name}' of {node.Type} takes {TypeNames.NameOf(input.ClrType)}, not {binding.TypeName}");
                return;
            }

            var expression = binding.Expression;
            var valuePath = $"{binding.JsonPath}.expression.value";
            if (ExpressionEvaluator.WhyUnsupported(expression.Type) is { } why)
            {
                Problem($"{binding.JsonPath}.expression.type", why);
                return;
            }

            switch (expression.Type)
            {
                case Expression.Literal when expression.Value is not null && !IsEmptyLiteral(binding, input.ClrType):
                    try
                    {
                        TypeNames.Convert(expression.Value, input.ClrType);
                    }
                    catch (FormatException e)
                    {
                        Problem(valuePath, $"the input '{input.Name}' of {node.Type}: {e.Message}");
                    }

                    break;
                case Expression.Variable when expression.Text is not { Length: > 0 } name || !_variables.Contains(name):
                    Problem(valuePath, $"'{expression.Text}' is not a declared variable");
                    break;
                case Expression.JavaScript when JavaScriptSandbox.CheckSyntax(expression.Text ?? string.Empty) is { } error:
                    Problem(valuePath, $"JavaScript syntax error: {error}");
                    break;
            }
        }

        private void CheckFlowchart(ActivityNode flowchart)
        {
            var children = (flowchart.Activities ?? []).GroupBy(a => a.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var connections = flowchart.Connections ?? [];
            var seen = new HashSet<(string, string, string, string)>();
            var inbound = new Dictionary<string, Connection>(StringComparer.Ordinal);
            var outbound = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var connection in connections)
            {
                var ok = true;
                if (!children.TryGetValue(connection.SourceActivity, out var sourceNode))
                {
                    Problem($"{connection.JsonPath}.source", $"dangling connection: no activity '{connection.SourceActivity}' in this flowchart");
                    ok = false;
                }
                else if (registry.Resolve(sourceNode)?.PortsOf(sourceNode) is { } ports && !ports.Contains(connection.SourcePort, StringComparer.Ordinal))
                {
                    Problem($"{connection.JsonPath}.source.port", $"dangling connection: {sourceNode.Type} '{sourceNode.Id}' has no port '{connection.SourcePort}' (its ports: {string.Join(", ", ports)})");
                    ok = false;
                }

                if (!children.ContainsKey(connection.TargetActivity))
                {
                    Problem($"{connection.JsonPath}.target", $"dangling connection: no activity '{connection.TargetActivity}' in this flowchart");
                    ok = false;
                }
                else if (connection.TargetPort != "In")
                {
                    Problem($"{connection.JsonPath}.target.port", $"a connection must enter an activity through 'In', not '{connection.TargetPort}'");
                    ok = false;
                }

                if (!ok)
                {
                    continue;
                }

                if (!seen.Add((connection.SourceActivity, connection.SourcePort, connection.TargetActivity, connection.TargetPort)))
                {
                    Problem(connection.JsonPath, $"duplicate connection {connection.SourceActivity}:{connection.SourcePort} → {connection.TargetActivity}");
                    continue;
                }

                // Several inbound connections make a join, as in Elsa (see Runtime/WorkflowExecution.Flowchart.cs).
                inbound.TryAdd(connection.TargetActivity, connection);
                if (!outbound.TryGetValue(connection.SourceActivity, out var targets))
                {
                    outbound[connection.SourceActivity] = targets = [];
                }

                targets.Add(connection.TargetActivity);
            }

            CheckCycles(flowchart, children.Keys, outbound);
            if (children.Count > 0 && FlowchartStart.Find(flowchart, inbound.Keys) is null)
            {
                Problem($"{flowchart.JsonPath}.activities", "the flowchart has no place to start: add an Elsa.Start or leave one activity without an inbound connection");
            }
        }

        private void CheckCycles(ActivityNode flowchart, IEnumerable<string> ids, Dictionary<string, List<string>> outbound)
        {
            var state = new Dictionary<string, int>(StringComparer.Ordinal);
            var path = new List<string>();
            foreach (var id in ids)
            {
                if (Visit(id))
                {
                    return;
                }
            }

            bool Visit(string id)
            {
                if (state.GetValueOrDefault(id) == 2)
                {
                    return false;
                }

                if (state.GetValueOrDefault(id) == 1)
                {
                    var loop = path.Skip(path.IndexOf(id)).Append(id);
                    Problem($"{flowchart.JsonPath}.connections", $"cycle {string.Join(" → ", loop)}: flowchart loops are not supported by this runtime (use Elsa.ForEach to repeat work)");
                    return true;
                }

                state[id] = 1;
                path.Add(id);
                foreach (var next in outbound.GetValueOrDefault(id) ?? [])
                {
                    if (Visit(next))
                    {
                        return true;
                    }
                }

                path.RemoveAt(path.Count - 1);
                state[id] = 2;
                return false;
            }
        }
    }
}

/// <summary>Where a flowchart starts: its Elsa.Start, else its first activity without an inbound connection.</summary>
internal static class FlowchartStart
{
    public static ActivityNode? Find(ActivityNode flowchart, IEnumerable<string> targetsWithInbound)
    {
        var activities = flowchart.Activities ?? [];
        var withInbound = new HashSet<string>(targetsWithInbound, StringComparer.Ordinal);
        return activities.FirstOrDefault(a => a.Type == "Elsa.Start" && !withInbound.Contains(a.Id))
            ?? activities.FirstOrDefault(a => !withInbound.Contains(a.Id));
    }
}
