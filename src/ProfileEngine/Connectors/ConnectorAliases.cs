using ProfileEngine.Connections;

namespace ProfileEngine.Connectors;

/// <summary>The scopes each process of a connector needs (least privilege; empty where the vendor has no scopes).</summary>
public sealed record ConnectorScopes(
    IReadOnlyList<string> Download,
    IReadOnlyList<string> Activity,
    IReadOnlyList<string> Reclaim,
    IReadOnlyList<string> AdminAudit,
    IReadOnlyList<string> Directory)
{
    public static ConnectorScopes None { get; } = new([], [], [], [], []);
}

/// <summary>
/// A connector's four parent aliases, picked by a profile's two check boxes as ServiceNow does:
/// <c>{prefix}</c>, <c>{prefix}_activity</c>, <c>{prefix}_reclaim</c> and <c>{prefix}_activity_reclaim</c>.
/// They are created at start-up (<see cref="ConnectorAliasSeeding"/>); child aliases hang under them.
/// </summary>
public sealed record ConnectorAliases(string Prefix, ConnectorScopes Scopes)
{
    public IReadOnlyList<string> ParentNames { get; } =
        [$"{Prefix}_activity_reclaim", $"{Prefix}_activity", $"{Prefix}_reclaim", Prefix];

    /// <summary>The parent alias the two check boxes choose.</summary>
    public string ParentFor(bool downloadActivity, bool reclaimSubscriptions) => (downloadActivity, reclaimSubscriptions) switch
    {
        (true, true) => $"{Prefix}_activity_reclaim",
        (true, false) => $"{Prefix}_activity",
        (false, true) => $"{Prefix}_reclaim",
        (false, false) => Prefix,
    };

    public bool IsActivityParent(string parentName) =>
        string.Equals(parentName, ParentFor(true, true), StringComparison.Ordinal) || string.Equals(parentName, ParentFor(true, false), StringComparison.Ordinal);

    /// <summary>Download is always on; the other processes add their scopes. Sorted, without duplicates.</summary>
    public string ScopesFor(bool downloadActivity, bool reclaimSubscriptions, bool usesAdminAudit, bool usesScimDirectory)
    {
        IEnumerable<string> scopes = Scopes.Download;
        if (downloadActivity)
        {
            scopes = scopes.Concat(Scopes.Activity);
            if (usesAdminAudit)
            {
                scopes = scopes.Concat(Scopes.AdminAudit);
            }
        }

        if (reclaimSubscriptions)
        {
            scopes = scopes.Concat(Scopes.Reclaim);
        }

        if (usesScimDirectory)
        {
            scopes = scopes.Concat(Scopes.Directory);
        }

        return string.Join(' ', scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }

    /// <summary>The four parent aliases as new rows.</summary>
    public IEnumerable<ConnectionAlias> NewParents(Func<Guid> newId, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(newId);
        foreach (var (activity, reclaim) in new[] { (true, true), (true, false), (false, true), (false, false) })
        {
            yield return new ConnectionAlias
            {
                Id = newId(),
                Name = ParentFor(activity, reclaim),
                DownloadActivity = activity,
                ReclaimSubscriptions = reclaim,
                RequiredScopes = ScopesFor(activity, reclaim, usesAdminAudit: false, usesScimDirectory: false),
                CreatedAt = createdAt,
            };
        }
    }
}
