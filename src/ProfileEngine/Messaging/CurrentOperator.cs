namespace ProfileEngine.Messaging;

/// <summary>
/// Who is acting in this scope: the signed-in operator for API calls, or a named system actor for background work.
/// Scoped; the host sets it per request.
/// </summary>
public sealed class CurrentOperator
{
    /// <summary>Used until sign-in exists (issue 7): every unauthenticated API call acts as this operator.</summary>
    public const string LocalOperator = "local-operator";

    /// <summary>The actor of work the engine does on its own, such as storing tokens a refresh rotated.</summary>
    public const string System = "system";

    public string Name { get; set; } = LocalOperator;
}
