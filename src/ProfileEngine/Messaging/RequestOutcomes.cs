namespace ProfileEngine.Messaging;

/// <summary>The record a request names does not exist (HTTP 404).</summary>
public sealed class RequestNotFoundException(string requestName, string field, string message) : Exception(message)
{
    public string RequestName { get; } = requestName;

    /// <summary>The request's property that named the missing record, e.g. <c>ProfileId</c>.</summary>
    public string Field { get; } = field;
}

/// <summary>
/// The request was made against a version of the record that is no longer current: someone else changed it since
/// it was read (HTTP 409). Nothing was written; read the record again and repeat the change.
/// </summary>
public sealed class RequestConflictException(string requestName, string field, string message) : Exception(message)
{
    public string RequestName { get; } = requestName;

    /// <summary>The request's property that carried the stale version, e.g. <c>Version</c>.</summary>
    public string Field { get; } = field;
}
