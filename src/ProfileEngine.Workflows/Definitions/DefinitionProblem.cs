namespace ProfileEngine.Workflows.Definitions;

/// <summary>Why a definition cannot be used: which file, where in it (a JSON path), and the reason.</summary>
public sealed record DefinitionProblem(string Source, string JsonPath, string Reason)
{
    public override string ToString() => $"{Source} at {JsonPath}: {Reason}";
}
