using System.Text.Json.Nodes;

namespace ProfileEngine.Workflows.Expressions;

/// <summary>What expressions can read and write: the instance's variables and inputs.</summary>
public interface IExpressionScope
{
    string InstanceId { get; }

    string? CorrelationId { get; }

    IEnumerable<string> VariableNames { get; }

    IEnumerable<string> InputNames { get; }

    JsonNode? GetVariable(string nameOrId);

    void SetVariable(string nameOrId, JsonNode? value);

    JsonNode? GetInput(string name);
}

/// <summary>An expression failed to evaluate; the message says which language and why.</summary>
public sealed class ExpressionException(string message, Exception? inner = null) : Exception(message, inner);
