using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using JsonValueKind = System.Text.Json.JsonValueKind;
using System.Text.Json.Nodes;
using Acornima;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;

namespace ProfileEngine.Workflows.Expressions;

/// <summary>
/// Runs Elsa-style JavaScript expressions in Jint with a time limit, a memory limit, a recursion limit, a statement
/// limit and no access to .NET types. Scripts may <c>return</c> at top level, as Elsa's do.
/// </summary>
public sealed partial class JavaScriptSandbox(JavaScriptOptions options)
{
    private static readonly ScriptParsingOptions Parsing = ScriptParsingOptions.Default with { AllowReturnOutsideFunction = true };
    private const int MaxPreparedScripts = 10_000;
    private readonly ConcurrentDictionary<string, Prepared<Script>> _prepared = new(StringComparer.Ordinal);

    /// <summary>Null when the script parses; otherwise the parser's message with line and column.</summary>
    public static string? CheckSyntax(string script)
    {
        try
        {
            Engine.PrepareScript(script ?? string.Empty, options: new ScriptPreparationOptions { ParsingOptions = Parsing });
            return null;
        }
        catch (ScriptPreparationException e)
        {
            return e.InnerException?.Message ?? e.Message;
        }
        catch (ParseErrorException e)
        {
            return e.Message;
        }
    }

    public JsonNode? Evaluate(string script, IExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (script is not null && InputRead().Match(script) is { Success: true } read && TryReadScalarInput(scope, read.Groups["name"].Value, out var input))
        {
            return input;
        }

        var engine = new Engine(o => o
            .TimeoutInterval(options.TimeLimit)
            .LimitMemory(options.MemoryLimitBytes)
            .LimitRecursion(options.RecursionLimit)
            .MaxStatements(options.StatementLimit)
            .Strict(false));
        DefineGlobals(engine, scope);
        try
        {
            var result = engine.Evaluate(Prepare(script ?? string.Empty));
            return ToJson(engine, result);
        }
        catch (ParseErrorException e)
        {
            throw new ExpressionException($"JavaScript syntax error: {e.Message}", e);
        }
        catch (ScriptPreparationException e)
        {
            throw new ExpressionException($"JavaScript syntax error: {e.InnerException?.Message ?? e.Message}", e);
        }
        catch (JavaScriptException e)
        {
            throw new ExpressionException($"JavaScript error: {e.Message} (line {e.Location.Start.Line})", e);
        }
        catch (TimeoutException e)
        {
            throw new ExpressionException($"JavaScript ran longer than its time limit of {options.TimeLimit.TotalMilliseconds:0} ms.", e);
        }
        catch (MemoryLimitExceededException e)
        {
            throw new ExpressionException($"JavaScript used more than its memory limit of {options.MemoryLimitBytes / 1024} KiB.", e);
        }
        catch (RecursionDepthOverflowException e)
        {
            throw new ExpressionException($"JavaScript recursed deeper than its limit of {options.RecursionLimit} calls.", e);
        }
        catch (StatementsCountOverflowException e)
        {
            throw new ExpressionException($"JavaScript ran more than its limit of {options.StatementLimit} statements.", e);
        }
        catch (JintException e)
        {
            throw new ExpressionException($"JavaScript failed: {e.Message}", e);
        }
    }

    /// <summary>
    /// <c>getInput('name')</c> alone, the commonest expression in Elsa's files (every activity of a removal candidate's
    /// flow reads its candidate so), answered without building an engine when the input is null, a boolean, a string or
    /// a number, with the value Jint would give: the input as JSON, parsed, then numbers as whole longs where they are
    /// whole. Objects and arrays go through Jint.
    /// </summary>
    private static bool TryReadScalarInput(IExpressionScope scope, string name, out JsonNode? value)
    {
        value = null;
        var node = scope.GetInput(name);
        if (node is null)
        {
            return true;
        }

        if (node is not JsonValue scalar)
        {
            return false;
        }

        if (scalar.TryGetValue<long>(out var whole))
        {
            value = WholeOrDouble(whole);
            return true;
        }

        switch (scalar.GetValueKind())
        {
            case JsonValueKind.True or JsonValueKind.False:
                value = JsonValue.Create(scalar.GetValueKind() == JsonValueKind.True);
                return true;
            case JsonValueKind.String:
                value = JsonValue.Create(scalar.GetValue<string>());
                return true;
            case JsonValueKind.Number:
                value = WholeOrDouble(double.Parse(scalar.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture));
                return true;
            default:
                return false;
        }
    }

    // A JavaScript number comes back as a whole long where it is one (and exactly representable), else as a double.
    private static JsonValue WholeOrDouble(double number) =>
        number == Math.Floor(number) && Math.Abs(number) < 9e15 ? JsonValue.Create((long)number) : JsonValue.Create(number);

    [GeneratedRegex("""^\s*getInput\(\s*(['"])(?<name>[A-Za-z_][A-Za-z0-9_]*)\1\s*\)\s*;?\s*$""", RegexOptions.CultureInvariant)]
    private static partial Regex InputRead();

    /// <summary>A script parsed once: the same few expressions run for every instance of a definition.</summary>
    private Prepared<Script> Prepare(string script)
    {
        if (_prepared.TryGetValue(script, out var prepared))
        {
            return prepared;
        }

        prepared = Engine.PrepareScript(script, options: new ScriptPreparationOptions { ParsingOptions = Parsing });
        if (_prepared.Count < MaxPreparedScripts)
        {
            _prepared.TryAdd(script, prepared);
        }

        return prepared;
    }

    private static void DefineGlobals(Engine engine, IExpressionScope scope)
    {
        var parser = new JsonParser(engine);
        JsValue Read(JsonNode? node) => node is null ? JsValue.Null : parser.Parse(node.ToJsonString());

        engine.SetValue("getVariable", new Func<string, JsValue>(name => Read(scope.GetVariable(name))));
        engine.SetValue("setVariable", new Action<string, JsValue>((name, value) => scope.SetVariable(name, ToJson(engine, value))));
        engine.SetValue("getInput", new Func<string, JsValue>(name => Read(scope.GetInput(name))));
        engine.SetValue("getWorkflowInstanceId", new Func<string>(() => scope.InstanceId));
        engine.SetValue("getCorrelationId", new Func<string?>(() => scope.CorrelationId));
        engine.SetValue("isNullOrEmpty", new Func<JsValue, bool>(v => v.IsNull() || v.IsUndefined() || (v.IsString() && v.AsString().Length == 0)));
        engine.SetValue("toJson", new Func<JsValue, string>(v => new JsonSerializer(engine).Serialize(v).ToString()));
        foreach (var name in scope.VariableNames.Where(IsIdentifier))
        {
            var captured = name;
            foreach (var accessor in AccessorNames(captured))
            {
                engine.SetValue($"get{accessor}", new Func<JsValue>(() => Read(scope.GetVariable(captured))));
                engine.SetValue($"set{accessor}", new Action<JsValue>(value => scope.SetVariable(captured, ToJson(engine, value))));
            }
        }

        foreach (var name in scope.InputNames.Where(IsIdentifier))
        {
            var captured = name;
            foreach (var accessor in AccessorNames(captured).Where(a => engine.GetValue($"get{a}").IsUndefined()))
            {
                engine.SetValue($"get{accessor}", new Func<JsValue>(() => Read(scope.GetInput(captured))));
            }
        }
    }

    /// <summary>"myNumber" gets getMyNumber() as in Elsa's samples, and getmyNumber() for names used as written.</summary>
    private static IEnumerable<string> AccessorNames(string name)
    {
        var pascal = char.ToUpperInvariant(name[0]) + name[1..];
        return pascal == name ? [name] : [pascal, name];
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_');

    private static JsonNode? ToJson(Engine engine, JsValue value)
    {
        if (value.IsNull() || value.IsUndefined())
        {
            return null;
        }

        if (value.IsBoolean())
        {
            return JsonValue.Create(value.AsBoolean());
        }

        if (value.IsNumber())
        {
            var number = value.AsNumber();
            return number == Math.Floor(number) && Math.Abs(number) < 9e15 ? JsonValue.Create((long)number) : JsonValue.Create(number);
        }

        if (value.IsString())
        {
            return JsonValue.Create(value.AsString());
        }

        var json = new JsonSerializer(engine).Serialize(value);
        return json.IsUndefined() ? null : JsonNode.Parse(json.AsString());
    }
}
