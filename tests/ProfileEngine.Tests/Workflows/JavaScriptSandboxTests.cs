using System.Text.Json.Nodes;
using ProfileEngine.Workflows.Expressions;

namespace ProfileEngine.Tests.Workflows;

public sealed class JavaScriptSandboxTests
{
    private static readonly JavaScriptSandbox Sandbox = new(new JavaScriptOptions { TimeLimit = TimeSpan.FromMilliseconds(500), StatementLimit = 500_000_000 });

    [Theory]
    [InlineData("while (true) { }", "time")]
    [InlineData("function f(n) { return f(n + 1); } f(0);", "recursed")]
    public void Runaway_scripts_are_stopped_with_a_clear_reason(string script, string reason)
    {
        var error = Assert.Throws<ExpressionException>(() => Sandbox.Evaluate(script, new Scope()));

        Assert.Contains(reason, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_script_that_grows_without_end_is_stopped_by_the_memory_limit()
    {
        // A small memory limit and a generous time limit: on a busy machine the time limit must not win the race.
        var sandbox = new JavaScriptSandbox(new JavaScriptOptions { TimeLimit = TimeSpan.FromSeconds(30), MemoryLimitBytes = 4 * 1024 * 1024, StatementLimit = 500_000_000 });

        var error = Assert.Throws<ExpressionException>(() => sandbox.Evaluate(
            "var a = []; while (true) { a.push('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' + a.length); }", new Scope()));

        Assert.Contains("memory", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("System.IO.File.ReadAllText('/etc/passwd')")]
    [InlineData("importNamespace('System.IO').File.ReadAllText('/etc/passwd')")]
    [InlineData("getVariable.constructor('return this')().System")]
    public void Scripts_cannot_reach_dotnet(string script)
    {
        JsonNode? result = null;
        var outcome = Record.Exception(() => result = Sandbox.Evaluate(script, new Scope()));

        // Either the script fails as plain JavaScript (no such name) or it reaches nothing (undefined).
        if (outcome is null)
        {
            Assert.Null(result);
        }
        else
        {
            Assert.IsType<ExpressionException>(outcome);
            Assert.DoesNotContain("root:", outcome.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_statement_limit_stops_a_busy_loop_under_the_default_options()
    {
        var error = Assert.Throws<ExpressionException>(() => new JavaScriptSandbox(new JavaScriptOptions()).Evaluate("for (;;) { }", new Scope()));

        Assert.Contains("statements", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Variables_and_inputs_are_read_and_written_as_in_Elsa()
    {
        var scope = new Scope();
        scope.Variables["Total"] = 40;

        var result = Sandbox.Evaluate("setVariable('Total', getTotal() + getInput('extra')); return getVariable('Total') * 2;", scope);

        Assert.Equal("84", result!.ToJsonString());
        Assert.Equal("42", scope.Variables["Total"]!.ToJsonString());
    }

    [Theory]
    [InlineData("return (1 + ;", true)]
    [InlineData("return 1 + 1;", false)]
    public void Syntax_is_checked_without_running(string script, bool bad)
    {
        Assert.Equal(bad, JavaScriptSandbox.CheckSyntax(script) is not null);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("4.5")]
    [InlineData("-0")]
    [InlineData("1e20")]
    [InlineData("12345678901234567")]
    [InlineData("\"text with 'quotes'\"")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("{\"a\": [1, 2.5, \"x\"]}")]
    public void A_bare_getInput_gives_exactly_what_the_same_read_through_Jint_gives(string inputJson)
    {
        var scope = new Scope { Input = JsonNode.Parse(inputJson) };

        var shortcut = Sandbox.Evaluate("getInput('n')", scope);
        var throughJint = Sandbox.Evaluate("(getInput(\"n\"))", scope);

        Assert.Equal(throughJint?.ToJsonString(), shortcut?.ToJsonString());
        Assert.Equal(throughJint?.GetValueKind(), shortcut?.GetValueKind());
    }

    [Theory]
    [InlineData(123456789L)]
    [InlineData(-7L)]
    [InlineData(9_007_199_254_740_993L)]
    public void A_bare_getInput_of_a_number_given_in_code_gives_what_Jint_gives(long number)
    {
        var scope = new Scope { Input = JsonValue.Create(number) };

        var shortcut = Sandbox.Evaluate("getInput('n')", scope);
        var throughJint = Sandbox.Evaluate("(getInput(\"n\"))", scope);

        Assert.Equal(throughJint?.ToJsonString(), shortcut?.ToJsonString());
        Assert.Equal(throughJint?.GetValueKind(), shortcut?.GetValueKind());
    }

    private sealed class Scope : IExpressionScope
    {
        public Dictionary<string, JsonNode?> Variables { get; } = new(StringComparer.Ordinal);

        public string InstanceId => "instance-1";

        public string? CorrelationId => "profile-1";

        public IEnumerable<string> VariableNames => Variables.Keys;

        public IEnumerable<string> InputNames => ["extra"];

        public JsonNode? GetVariable(string nameOrId) => Variables.GetValueOrDefault(nameOrId)?.DeepClone();

        public void SetVariable(string nameOrId, JsonNode? value) => Variables[nameOrId] = value;

        public JsonNode? Input { get; init; }

        public JsonNode? GetInput(string name) => name switch
        {
            "extra" => JsonValue.Create(2),
            "n" => Input?.DeepClone(),
            _ => null,
        };
    }
}
