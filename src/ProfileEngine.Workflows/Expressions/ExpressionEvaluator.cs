using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Definitions;

namespace ProfileEngine.Workflows.Expressions;

/// <summary>Evaluates the expression languages this runtime supports: Literal, Variable and JavaScript.</summary>
public sealed class ExpressionEvaluator(JavaScriptSandbox javaScript)
{
    public static readonly IReadOnlyList<string> Supported = [Expression.Literal, Expression.Variable, Expression.JavaScript];

    /// <summary>Null when the language is supported; otherwise why not (CSharp and Python run arbitrary host code).</summary>
    public static string? WhyUnsupported(string type) => type switch
    {
        Expression.Literal or Expression.Variable or Expression.JavaScript => null,
        "CSharp" or "Python" => $"{type} expressions are not run by this runtime (they would execute arbitrary code in the host); use JavaScript",
        _ => $"the expression type '{type}' is not supported (supported: {string.Join(", ", Supported)})",
    };

    public JsonNode? Evaluate(Expression expression, IExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(scope);
        return expression.Type switch
        {
            Expression.Literal => expression.Value?.DeepClone(),
            Expression.Variable => scope.GetVariable(expression.Text ?? string.Empty),
            Expression.JavaScript => javaScript.Evaluate(expression.Text ?? string.Empty, scope),
            _ => throw new ExpressionException(WhyUnsupported(expression.Type)!),
        };
    }
}
