namespace ProfileEngine.Workflows.Expressions;

/// <summary>The limits every JavaScript expression runs under.</summary>
public sealed class JavaScriptOptions
{
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(2);

    public long MemoryLimitBytes { get; set; } = 32 * 1024 * 1024;

    public int RecursionLimit { get; set; } = 64;

    public int StatementLimit { get; set; } = 1_000_000;
}
