using ProfileEngine.Users;

namespace ProfileEngine.Host.Users;

/// <summary>
/// Who may do what. Reading needs any of the engine's roles; each kind of change needs its role. The fallback
/// policy is <see cref="Read"/>, so an endpoint or page without its own policy is never open to anonymous callers.
/// </summary>
public static class Policies
{
    public const string Read = "read";
    public const string Admin = EngineRoles.Admin;
    public const string Operator = EngineRoles.Operator;
    public const string Reviewer = EngineRoles.Reviewer;
}
