namespace ProfileEngine.WebexSimulator.ScimApp;

/// <summary>
/// A refused request or control call; the endpoints answer it as an RFC 7644 §3.12 Error with <see cref="Status"/>
/// and, for 400s, <see cref="ScimType"/> (invalidFilter, invalidSyntax, invalidPath, noTarget, invalidValue, mutability).
/// </summary>
public sealed class ScimException(int status, string? scimType, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string? ScimType { get; } = scimType;

    public static ScimException NotFound(string kind, string id) => new(404, null, $"{kind} {id} not found.");

    public static ScimException BadRequest(string scimType, string detail) => new(400, scimType, detail);
}
