using System.Text.Json;
using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Definitions;

namespace ProfileEngine.Workflows.Expressions;

/// <summary>Evaluates the expression languages this runtime supports: Literal, Object (JSON literal), Variable and JavaScript.</summary>
public sealed class ExpressionEvaluator(JavaScriptSandbox javaScript)
{
    public static readonly IReadOnlyList<string> Supported = [Expression.Literal, Expression.ObjectLiteral, Expression.Variable, Expression.JavaScript];

    /// <summary>Null when the language is supported; otherwise why not.</summary>
    public static string? WhyUnsupported(string type) => type switch
    {
        Expression.Literal or Expression.ObjectLiteral or Expression.ObsoleteJson or Expression.Variable or Expression.JavaScript => null,
        "CSharp" or "Python" => $"{type} expressions are not run by this runtime (they would execute arbitrary code in the host); use JavaScript",
        "Liquid" => "Liquid expressions are not run by this runtime (Elsa runs them with Fluid; this runtime has no Liquid engine); use JavaScript, e.g. `'Hello ' + getVariable('Name')` for `Hello {{ Variables.Name }}`",
        "Input" => "Input expressions are not run by this runtime; use JavaScript `getInput('name')`",
        _ => $"the expression type '{type}' is not supported (supported: {string.Join(", ", Supported)})",
    };

    public JsonNode? Evaluate(Expression expression, IExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(scope);
        return expression.Type switch
        {
            Expression.Literal => expression.Value?.DeepClone(),
            Expression.ObjectLiteral or Expression.ObsoleteJson => ParseObjectLiteral(expression),
            Expression.Variable => scope.GetVariable(expression.VariableReference ?? string.Empty),
            Expression.JavaScript => javaScript.Evaluate(expression.Text ?? string.Empty, scope),
            _ => throw new ExpressionException(WhyUnsupported(expression.Type)!),
        };
    }

    /// <summary>
    /// An Object expression's value is JSON text (Elsa's ObjectExpressionHandler parses it into the input's type; empty
    /// text is null). A JSON value written directly is taken as is.
    /// </summary>
    public static JsonNode? ParseObjectLiteral(Expression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (expression.Value is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return expression.Value?.DeepClone();
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new ExpressionException($"the Object expression is not valid JSON: {e.Message}");
        }
    }
}
