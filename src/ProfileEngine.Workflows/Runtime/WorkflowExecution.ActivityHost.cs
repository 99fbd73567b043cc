using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Activities;
using ProfileEngine.Workflows.Expressions;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// <see cref="IActivityHost"/> and <see cref="IExpressionScope"/>: what activities and expressions see of the
/// instance (variables, workflow input, log, checkpoints).
/// </summary>
internal sealed partial class WorkflowExecution : IActivityHost, IExpressionScope
{
    public string InstanceId => Instance.Id;

    public bool IsUncommittedStart => _isNew;

    public bool IsStartedAgain { get; set; }

    public string? CorrelationId => Instance.CorrelationId;

    public IEnumerable<string> VariableNames => _variableNames.Keys.Where(k => _variableNames[k] == k);

    public IEnumerable<string> InputNames => _input.Select(p => p.Key);

    public JsonNode? GetVariable(string nameOrId) =>
        _variableNames.TryGetValue(nameOrId, out var name)
            ? _variables.GetValueOrDefault(name)?.DeepClone()
            : throw new InvalidOperationException($"'{nameOrId}' is not a declared variable of {Instance.DefinitionId}.");

    public void SetVariable(string nameOrId, JsonNode? value)
    {
        if (!_variableNames.TryGetValue(nameOrId, out var name))
        {
            throw new InvalidOperationException($"'{nameOrId}' is not a declared variable of {Instance.DefinitionId}.");
        }

        _variables[name] = value?.DeepClone();
        _variablesChanged = true;
        _dirty = true;
    }

    public JsonNode? GetInput(string name) => GetWorkflowInput(name);

    public JsonNode? Evaluate(Definitions.Expression expression) => _expressions.Evaluate(expression, this);

    public void SetWorkflowOutput(string name, JsonNode? value)
    {
        State.Outputs ??= [];
        State.Outputs[name] = value?.DeepClone();
        _dirty = true;
    }

    public JsonNode? GetWorkflowInput(string name)
    {
        foreach (var (key, value) in _input)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value?.DeepClone();
            }
        }

        return null;
    }

    public void Log(string activityId, string message)
    {
        _log.Add(new WorkflowLogRecord
        {
            Id = NewId(),
            InstanceId = Instance.Id,
            Sequence = ++State.Sequence,
            ActivityId = activityId,
            Message = message ?? string.Empty,
            Timestamp = _clock.GetUtcNow(),
        });
        _dirty = true;
    }

    public JsonNode? GetCheckpoint(string frameId) => State.Find(frameId)?.Checkpoint?.DeepClone();
}
