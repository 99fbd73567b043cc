using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Activities.BuiltIn;
using ProfileEngine.Workflows.Expressions;

namespace ProfileEngine.Workflows.Definitions;

/// <summary>
/// Checks a definition against the activity types this runtime knows: types, required inputs, literal values,
/// expressions, variables, connections (dangling, duplicate, loops; several inbound connections make a join, as in Elsa) and duplicate ids.
/// Every problem names the source, the JSON path and the reason; all problems of an activity are reported at once.
/// Where Elsa itself only ignores something (an input the activity does not have), that is a warning, not a problem.
/// </summary>
/// <remarks>
/// An input's <c>typeName</c> is not checked: Elsa takes an input's type from the activity's property
/// (elsa-core src/modules/Elsa.Workflows.Core/Serialization/Converters/InputJsonConverter.cs only tests that
/// <c>typeName</c> is present), so literals are checked against the activity's declared type instead.
/// </remarks>
public sealed class DefinitionValidator(ActivityRegistry registry)
{
    public ActivityRegistry Registry => registry;

    /// <summary>The problems that keep the definition from being used (warnings left out).</summary>
    public IReadOnlyList<DefinitionProblem> Validate(WorkflowDefinition definition, string source) => Check(definition, source).Problems;

    public DefinitionCheck Check(WorkflowDefinition definition, string source)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var run = new Run(registry, source);
        run.Check(definition);
        return new DefinitionCheck(run.Problems, run.Warnings);
    }

    private sealed class Run(ActivityRegistry registry, string source)
    {
        private readonly HashSet<string> _variables = new(StringComparer.Ordinal);

        /// <summary>The definition's <c>outputs</c> (Elsa binds activity outputs to them too; this runtime does not).</summary>
        private readonly HashSet<string> _workflowOutputs = new(StringComparer.Ordinal);

        public List<DefinitionProblem> Problems { get; } = [];

        public List<DefinitionProblem> Warnings { get; } = [];

        private void Problem(string path, string reason) => Problems.Add(new DefinitionProblem(source, path, reason));

        private void Warning(string path, string reason) => Warnings.Add(new DefinitionProblem(source, path, reason));

        public void Check(WorkflowDefinition definition)
        {
            foreach (var output in (definition.Extensions["outputs"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (output["name"] is JsonValue name && name.TryGetValue<string>(out var text))
                {
                    _workflowOutputs.Add(text);
                }
            }

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
                    // Elsa's VariableMapper logs the unknown type and falls back to Object; so does this runtime.
                    Warning($"{variable.JsonPath}.typeName", $"{UnknownType(variable.TypeName)}; '{variable.Name}' is held as Object");
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
            $"unknown typeName '{typeName}' (known: {string.Join(", ", TypeNames.Known)}, with ? for nullable, [] or List<…> for collections)";

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
            }

            foreach (var required in descriptor?.Inputs.Where(i => i.Required) ?? [])
            {
                if (!node.Inputs.TryGetValue(required.Name, out var binding) || IsEmptyLiteral(binding, required.ClrType))
                {
                    Problem($"{node.JsonPath}.{required.Name}", $"{node.Type} '{node.Id}' needs the input '{required.Name}' ({TypeNames.NameOf(required.ClrType)})");
                }
            }

            foreach (var (name, binding) in node.Inputs)
            {
                var input = descriptor?.FindInput(name);
                if (input is null && descriptor is { HasOpenInputsAndOutputs: true })
                {
                    continue;
                }

                if (descriptor is not null && input is null)
                {
                    var inputs = descriptor.Inputs.Count == 0 ? "none" : string.Join(", ", descriptor.Inputs.Select(i => i.Name));
                    Warning(binding.JsonPath, $"{node.Type} has no input '{name}' (its inputs: {inputs}); it is ignored");
                }

                CheckExpression(node, name, input?.ClrType, binding);
            }

            foreach (var (name, output) in node.Outputs)
            {
                if (descriptor is not null && descriptor.FindOutput(name) is null && !descriptor.HasOpenInputsAndOutputs)
                {
                    var outputs = descriptor.Outputs.Count == 0 ? "none" : string.Join(", ", descriptor.Outputs.Select(o => o.Name));
                    Problem(output.JsonPath, $"{node.Type} has no output '{name}' (its outputs: {outputs})");
                }
                else if (_workflowOutputs.Contains(output.MemoryReferenceId) && !_variables.Contains(output.MemoryReferenceId))
                {
                    Problem($"{output.JsonPath}.memoryReference.id", $"the output '{name}' is bound to the workflow output '{output.MemoryReferenceId}'; this runtime binds outputs to variables only");
                }
                else if (!_variables.Contains(output.MemoryReferenceId))
                {
                    Problem($"{output.JsonPath}.memoryReference.id", $"the output '{name}' is bound to '{output.MemoryReferenceId}', which is not a declared variable");
                }
            }

            foreach (var (path, reason) in descriptor?.CheckNode?.Invoke(node) ?? [])
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

            if (descriptor?.Kind == ActivityKind.Flowchart)
            {
                CheckFlowchart(node);
            }
        }

        private static bool IsEmptyLiteral(InputBinding binding, Type declared) =>
            binding.Expression.Type == Expression.Literal
            && (binding.Expression.Value is null
                || (declared != typeof(string) && binding.Expression.Value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0));

        /// <param name="declared">The activity's type for the input; null when the activity or the input is unknown.</param>
        private void CheckExpression(ActivityNode node, string name, Type? declared, InputBinding binding)
        {
            var expression = binding.Expression;
            var valuePath = $"{binding.JsonPath}.expression.value";
            if (ExpressionEvaluator.WhyUnsupported(expression.Type) is { } why)
            {
                Problem($"{binding.JsonPath}.expression.type", why);
                return;
            }

            switch (expression.Type)
            {
                case Expression.Literal when declared is not null && expression.Value is not null && !IsEmptyLiteral(binding, declared):
                    CheckConvertible(node, name, declared, expression.Value, valuePath);
                    break;
                case Expression.ObjectLiteral or Expression.ObsoleteJson:
                    JsonNode? parsed;
                    try
                    {
                        parsed = ExpressionEvaluator.ParseObjectLiteral(expression);
                    }
                    catch (ExpressionException e)
                    {
                        Problem(valuePath, e.Message);
                        break;
                    }

                    if (declared is not null && parsed is not null)
                    {
                        CheckConvertible(node, name, declared, parsed, valuePath);
                    }

                    break;
                case Expression.Variable when expression.VariableReference is not { Length: > 0 } variable || !_variables.Contains(variable):
                    Problem(valuePath, $"'{expression.VariableReference ?? expression.Text}' is not a declared variable");
                    break;
                case Expression.JavaScript when JavaScriptSandbox.CheckSyntax(expression.Text ?? string.Empty) is { } error:
                    Problem(valuePath, $"JavaScript syntax error: {error}");
                    break;
            }
        }

        private void CheckConvertible(ActivityNode node, string name, Type declared, JsonNode value, string path)
        {
            try
            {
                TypeNames.Convert(value, declared);
            }
            catch (FormatException e)
            {
                Problem(path, $"the input '{name}' of {node.Type}: {e.Message}");
            }
        }

        private void CheckFlowchart(ActivityNode flowchart)
        {
            var children = (flowchart.Activities ?? []).GroupBy(a => a.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var valid = ValidConnections(flowchart, children);
            var loops = CheckLoops(flowchart, valid);
            var forward = valid.Where(c => !loops.Contains(c)).ToList();
            if (children.Count > 0 && FlowchartStart.Find(flowchart, forward.Select(c => c.TargetActivity)) is null)
            {
                Problem($"{flowchart.JsonPath}.activities", "the flowchart has no place to start: add an Elsa.Start or leave one activity without an inbound connection");
            }
        }

        /// <summary>The connections whose ends exist and whose ports are known; the others are reported.</summary>
        private List<Connection> ValidConnections(ActivityNode flowchart, Dictionary<string, ActivityNode> children)
        {
            var seen = new HashSet<(string, string, string, string)>();
            var valid = new List<Connection>();
            foreach (var connection in flowchart.Connections ?? [])
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

                if (ok && !seen.Add((connection.SourceActivity, connection.SourcePort, connection.TargetActivity, connection.TargetPort)))
                {
                    Problem(connection.JsonPath, $"duplicate connection {connection.SourceActivity}:{connection.SourcePort} → {connection.TargetActivity}");
                    ok = false;
                }

                if (ok)
                {
                    valid.Add(connection);
                }
            }

            return valid;
        }

        /// <summary>
        /// Reports every connection that leads back to an activity already on the way there (a loop), walking from where
        /// the flowchart starts. Elsa runs such loops (its ImportAndExecute/implicit-loop.json); this runtime does not.
        /// Returns those connections, so that the start check does not count them as inbound.
        /// </summary>
        private HashSet<Connection> CheckLoops(ActivityNode flowchart, List<Connection> connections)
        {
            var outbound = connections.ToLookup(c => c.SourceActivity, StringComparer.Ordinal);
            var withInbound = connections.Select(c => c.TargetActivity).ToHashSet(StringComparer.Ordinal);
            var order = (flowchart.Activities ?? []).Select(a => a.Id).ToList();
            var roots = order.Where(id => !withInbound.Contains(id)).Concat(order);
            var state = new Dictionary<string, int>(StringComparer.Ordinal);
            var path = new List<string>();
            var loops = new HashSet<Connection>();
            foreach (var id in roots)
            {
                Visit(id);
            }

            return loops;

            void Visit(string id)
            {
                if (state.GetValueOrDefault(id) != 0)
                {
                    return;
                }

                state[id] = 1;
                path.Add(id);
                foreach (var connection in outbound[id])
                {
                    if (state.GetValueOrDefault(connection.TargetActivity) == 1)
                    {
                        var loop = path.Skip(path.IndexOf(connection.TargetActivity)).Append(connection.TargetActivity);
                        Problem(connection.JsonPath, $"cycle {string.Join(" → ", loop)}: this connection loops back to '{connection.TargetActivity}'; flowchart loops are not supported by this runtime (use Elsa.ForEach to repeat work)");
                        loops.Add(connection);
                    }
                    else
                    {
                        Visit(connection.TargetActivity);
                    }
                }

                path.RemoveAt(path.Count - 1);
                state[id] = 2;
            }
        }
    }
}

/// <summary>What a check found: the problems that refuse the definition, and the warnings about what is ignored.</summary>
public sealed record DefinitionCheck(IReadOnlyList<DefinitionProblem> Problems, IReadOnlyList<DefinitionProblem> Warnings);

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
