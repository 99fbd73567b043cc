using System.Security.Cryptography;
using ProfileEngine.WebexSimulator.Faults;

namespace ProfileEngine.WebexSimulator.ScimApp;

/// <summary>
/// The SCIM app's users, groups, tokens, faults and request log, and the control operations tests call in-process.
/// Users and groups are immutable records kept in creation order (the order lists are paged in); a change replaces
/// the record and moves its <c>meta.lastModified</c> to the clock's time and its version up by one.
/// </summary>
public sealed class ScimAppState
{
    private readonly Lock gate = new();
    private readonly List<ScimUser> users;
    private readonly List<ScimGroup> groups;
    private readonly Dictionary<string, DateTimeOffset> issuedTokens = new(StringComparer.Ordinal);
    private readonly Random ids;

    public ScimAppState(ScimAppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Users, "ScimAppOptions.Users");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPageSize, 1, "ScimAppOptions.MaxPageSize");
        Options = options;
        Clock = options.Clock ?? TimeProvider.System;
        (users, groups) = ScimUserGenerator.Generate(options.Users, options.Seed, Now);
        ids = new Random(options.Seed + 1);
        Faults = new FaultPlan(options.Seed);
    }

    public ScimAppOptions Options { get; }
    public TimeProvider Clock { get; }

    /// <summary>Scripted faults: <c>Faults.AddScript([new ScriptedFault { PathPrefix = "/scim/v2/Users", Kind = "rateLimit", RetryAfterSeconds = 3 }])</c>.</summary>
    public FaultPlan Faults { get; }

    /// <summary>
    /// The next <paramref name="times"/> requests whose path starts with <paramref name="pathPrefix"/> (and, when given,
    /// use <paramref name="method"/>) answer <paramref name="status"/>, with Retry-After when <paramref name="retryAfterSeconds"/> is set.
    /// </summary>
    public void FailNext(string pathPrefix, int status, int times = 1, int? retryAfterSeconds = null, string? method = null) =>
        Faults.AddScript([new ScriptedFault
        {
            PathPrefix = pathPrefix, Method = method, Kind = "status", Status = status, Times = times, RetryAfterSeconds = retryAfterSeconds,
        }]);

    /// <summary>Every request to the app (method, path, query, status), for tests to count.</summary>
    public RequestLog Requests { get; } = new();

    /// <summary>The clock's time to the millisecond, the precision <c>meta</c> times are written with, so a time read back compares equal.</summary>
    public DateTimeOffset Now => ToMilliseconds(Clock.GetUtcNow());

    public static DateTimeOffset ToMilliseconds(DateTimeOffset time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerMillisecond));

    /// <summary>All users in creation order (the paging order).</summary>
    public IReadOnlyList<ScimUser> Users()
    {
        lock (gate)
        {
            return [.. users];
        }
    }

    public IReadOnlyList<ScimGroup> Groups()
    {
        lock (gate)
        {
            return [.. groups];
        }
    }

    public ScimUser GetUser(string id)
    {
        lock (gate)
        {
            return users[IndexOfUser(id)];
        }
    }

    public ScimGroup GetGroup(string id)
    {
        lock (gate)
        {
            return groups[IndexOfGroup(id)];
        }
    }

    /// <summary>The groups that list <paramref name="userId"/> as a member (a user's read-only <c>groups</c>).</summary>
    public IReadOnlyList<ScimGroup> GroupsOf(string userId)
    {
        lock (gate)
        {
            return [.. groups.Where(g => g.MemberIds.Contains(userId))];
        }
    }

    /// <summary>Adds an active user with a fresh id, created now; <paramref name="userName"/> is also the email.</summary>
    public ScimUser AddUser(string userName, string displayName, params ScimEntitlement[] entitlements)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        lock (gate)
        {
            if (users.Any(u => string.Equals(u.UserName, userName, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ScimException(409, "uniqueness", $"A user with userName {userName} already exists.");
            }

            var now = Now;
            var user = new ScimUser
            {
                Id = ScimUserGenerator.NewId(ids),
                UserName = userName,
                DisplayName = displayName,
                Email = userName,
                Entitlements = entitlements,
                Roles = ["user"],
                Created = now,
                LastModified = now,
            };
            users.Add(user);
            return user;
        }
    }

    /// <summary>
    /// Replaces the user with what <paramref name="change"/> returns and stamps it (lastModified now, version + 1).
    /// Returning the same instance means "no change" and stamps nothing. <paramref name="ifMatch"/> (an ETag or
    /// <c>*</c>) must match the current version, else 412. An exception from <paramref name="change"/> writes nothing.
    /// </summary>
    public ScimUser UpdateUser(string id, Func<ScimUser, ScimUser> change, string? ifMatch = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (gate)
        {
            var index = IndexOfUser(id);
            var current = users[index];
            CheckPrecondition(ifMatch, current.ETag);
            var next = change(current);
            if (ReferenceEquals(next, current))
            {
                return current;
            }

            users[index] = next with { Id = current.Id, Created = current.Created, LastModified = Now, Version = current.Version + 1 };
            return users[index];
        }
    }

    public ScimUser SetActive(string id, bool active) =>
        UpdateUser(id, u => u.Active == active ? u : u with { Active = active });

    /// <summary>
    /// Records a sign-in (null: never signed in). Like many apps, a sign-in does not touch <c>meta.lastModified</c>
    /// unless <paramref name="touchesMeta"/>, so an incremental (lastModified) download does not see it.
    /// </summary>
    public ScimUser SetLastLogin(string id, DateTimeOffset? at, bool touchesMeta = false)
    {
        if (touchesMeta)
        {
            return UpdateUser(id, u => u with { LastLogin = at });
        }

        lock (gate)
        {
            var index = IndexOfUser(id);
            users[index] = users[index] with { LastLogin = at };
            return users[index];
        }
    }

    public ScimUser AssignEntitlement(string id, ScimEntitlement entitlement) =>
        UpdateUser(id, u => u.HasEntitlement(entitlement.Value) ? u : u with { Entitlements = [.. u.Entitlements, entitlement] });

    public ScimUser RemoveEntitlement(string id, string value) =>
        UpdateUser(id, u => u.HasEntitlement(value) ? u with { Entitlements = [.. u.Entitlements.Where(e => e.Value != value)] } : u);

    /// <summary>Like <see cref="UpdateUser"/>, for a group.</summary>
    public ScimGroup UpdateGroup(string id, Func<ScimGroup, ScimGroup> change, string? ifMatch = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (gate)
        {
            var index = IndexOfGroup(id);
            var current = groups[index];
            CheckPrecondition(ifMatch, current.ETag);
            var next = change(current);
            if (ReferenceEquals(next, current))
            {
                return current;
            }

            var unknown = next.MemberIds.FirstOrDefault(m => !users.Any(u => u.Id == m));
            if (unknown is not null)
            {
                throw ScimException.BadRequest("invalidValue", $"Member {unknown} is not a user of this app.");
            }

            groups[index] = next with { Id = current.Id, Created = current.Created, LastModified = Now, Version = current.Version + 1 };
            return groups[index];
        }
    }

    public ScimGroup AddMember(string groupId, string userId) =>
        UpdateGroup(groupId, g => g.MemberIds.Contains(userId) ? g : g with { MemberIds = [.. g.MemberIds, userId] });

    public ScimGroup RemoveMember(string groupId, string userId) =>
        UpdateGroup(groupId, g => g.MemberIds.Contains(userId) ? g with { MemberIds = [.. g.MemberIds.Where(m => m != userId)] } : g);

    /// <summary>A new OAuth access token (client credentials grant) valid for <see cref="ScimAppOptions.AccessTokenLifetime"/>.</summary>
    public string IssueToken()
    {
        var token = "scim_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        lock (gate)
        {
            issuedTokens[token] = Now + Options.AccessTokenLifetime;
        }

        return token;
    }

    /// <summary>True for the static API token and for issued tokens that have not expired on the clock.</summary>
    public bool IsValidToken(string token)
    {
        if (CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(token), System.Text.Encoding.UTF8.GetBytes(Options.BearerToken)))
        {
            return true;
        }

        lock (gate)
        {
            return issuedTokens.TryGetValue(token, out var expires) && Now < expires;
        }
    }

    /// <summary>Every issued access token stops working (the static token stays valid).</summary>
    public void ExpireTokens()
    {
        lock (gate)
        {
            issuedTokens.Clear();
        }
    }

    private static void CheckPrecondition(string? ifMatch, string etag)
    {
        if (ifMatch is not null && ifMatch != "*" && !ifMatch.Split(',').Any(t => t.Trim() == etag))
        {
            throw new ScimException(412, null, $"The resource is at version {etag}, not {ifMatch}.");
        }
    }

    private int IndexOfUser(string id)
    {
        var index = users.FindIndex(u => u.Id == id);
        return index >= 0 ? index : throw ScimException.NotFound("User", id);
    }

    private int IndexOfGroup(string id)
    {
        var index = groups.FindIndex(g => g.Id == id);
        return index >= 0 ? index : throw ScimException.NotFound("Group", id);
    }
}
