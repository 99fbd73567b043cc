using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Profiles;

namespace ProfileEngine.Connectors.Webex.Connections;

/// <summary>
/// Webex's half of Validate Connection: the token (<c>GET /v1/people/me</c>, still the org it was connected to), the
/// scopes the Download and Activity processes need, and one read of each API they use. Reclaim's are never checked.
/// </summary>
public sealed class WebexConnectionChecks(ConnectedWebexClients clients, TimeProvider clock) : IConnectionChecks
{
    private const string ConnectionProcess = ValidateProfileConnectionHandler.ConnectionProcess;
    private const string DownloadProcess = ValidateProfileConnectionHandler.DownloadProcess;
    private const string ActivityProcess = ValidateProfileConnectionHandler.ActivityProcess;

    public IReadOnlyList<(string Process, string Name)> Planned(IntegrationProfile profile, ConnectionAlias connectionAlias) =>
        [.. NeededScopes(profile, connectionAlias).Select(s => (s.Process, $"Scope {s.Scope}")), .. ApiCheckNames(profile, connectionAlias)];

    public async Task<IReadOnlyList<ConnectionCheck>> RunAsync(IntegrationProfile profile, ConnectionAlias connectionAlias, Connection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(connectionAlias);
        var alias = connectionAlias;
        ArgumentNullException.ThrowIfNull(connection);
        var checks = new List<ConnectionCheck>();
        var neededScopes = NeededScopes(profile, alias);
        var apiChecks = ApiCheckNames(profile, alias);
        WebexClient client;
        Person me;
        try
        {
            client = await clients.CreateAsync(alias.Name, cancellationToken);
            me = await client.GetPersonAsync("me", cancellationToken);
        }
        catch (Exception e) when (IsCheckFailure(e))
        {
            checks.Add(new ConnectionCheck(ConnectionProcess, "Token works", false, e.Message));
            checks.AddRange(neededScopes.Select(s => new ConnectionCheck(s.Process, $"Scope {s.Scope}", false, "Not checked: the token does not work.")));
            checks.AddRange(apiChecks.Select(a => new ConnectionCheck(a.Process, a.Name, false, "Not checked: the token does not work.")));
            return checks;
        }

        var sameOrg = string.Equals(me.OrgId, connection.OrgId, StringComparison.Ordinal);
        checks.Add(new ConnectionCheck(ConnectionProcess, "Token works", sameOrg, sameOrg
            ? $"Signed in to Webex org {me.OrgId}."
            : $"The token now belongs to Webex org {me.OrgId}, not {connection.OrgId} it was connected to; run Connect again."));

        var granted = (connection.GrantedScopes ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        checks.AddRange(neededScopes.Select(s => granted.Contains(s.Scope)
            ? new ConnectionCheck(s.Process, $"Scope {s.Scope}", true, "granted")
            : new ConnectionCheck(s.Process, $"Scope {s.Scope}", false, $"missing scope {s.Scope}; run Connect again and grant it")));

        var now = clock.GetUtcNow();
        checks.Add(await ProbeAsync(DownloadProcess, "Licenses readable", async () =>
        {
            var licenses = await client.ListLicensesAsync(cancellationToken: cancellationToken);
            return $"{licenses.Count} license(s) readable.";
        }));
        checks.Add(await ProbeAsync(DownloadProcess, "People readable", async () =>
        {
            await foreach (var person in client.ListPeopleAsync(new PeopleQuery { Max = 1 }, cancellationToken))
            {
                return "People are readable.";
            }

            return "People are readable (none in the org).";
        }));
        if (profile.DownloadActivity)
        {
            checks.Add(await ProbeAsync(ActivityProcess, "Compliance events readable (Compliance Officer)", async () =>
            {
                await foreach (var item in client.ListComplianceEventsAsync(new ComplianceEventQuery { From = now.AddDays(-1), To = now, Max = 1 }, cancellationToken))
                {
                    break;
                }

                return "Compliance events are readable.";
            }));
            checks.Add(await ProbeAsync(ActivityProcess, "Meeting usage reports readable", async () =>
            {
                // Hosting is read from each site's usage report (Webex has no org-wide meetings list).
                var sites = (await client.ListLicensesAsync(cancellationToken: cancellationToken))
                    .Select(l => l.SiteUrl).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                if (sites.Count == 0)
                {
                    return "No license names a Webex site, so there is no usage report to read.";
                }

                await foreach (var item in client.ListMeetingUsageReportsAsync(new MeetingUsageQuery { SiteUrl = sites[0], From = now.AddDays(-1), To = now, Max = 1 }, cancellationToken))
                {
                    break;
                }

                return $"The usage report of {sites[0]} is readable{(sites.Count > 1 ? $" ({sites.Count} sites)" : string.Empty)}.";
            }));
            if (alias.UsesAdminAudit)
            {
                checks.Add(await ProbeAsync(ActivityProcess, "Admin audit events readable", async () =>
                {
                    await foreach (var item in client.ListAdminAuditEventsAsync(new AdminAuditEventQuery { OrgId = me.OrgId!, From = now.AddDays(-1), To = now, Max = 1 }, cancellationToken))
                    {
                        break;
                    }

                    return "Admin audit events are readable.";
                }));
            }
        }

        return checks;
    }

    /// <summary>The scopes of Download and (when on) Activity; Reclaim's are never checked.</summary>
    private static List<(string Process, string Scope)> NeededScopes(IntegrationProfile profile, ConnectionAlias alias)
    {
        var scopes = WebexAliases.Scopes.Download.Select(s => (DownloadProcess, s)).ToList();
        if (profile.DownloadActivity)
        {
            scopes.AddRange(WebexAliases.Scopes.Activity.Select(s => (ActivityProcess, s)));
            if (alias.UsesAdminAudit)
            {
                scopes.AddRange(WebexAliases.Scopes.AdminAudit.Select(s => (ActivityProcess, s)));
            }
        }

        return scopes;
    }

    private static List<(string Process, string Name)> ApiCheckNames(IntegrationProfile profile, ConnectionAlias alias)
    {
        var names = new List<(string, string)> { (DownloadProcess, "Licenses readable"), (DownloadProcess, "People readable") };
        if (profile.DownloadActivity)
        {
            names.Add((ActivityProcess, "Compliance events readable (Compliance Officer)"));
            names.Add((ActivityProcess, "Meeting usage reports readable"));
            if (alias.UsesAdminAudit)
            {
                names.Add((ActivityProcess, "Admin audit events readable"));
            }
        }

        return names;
    }

    private static async Task<ConnectionCheck> ProbeAsync(string process, string name, Func<Task<string>> probe)
    {
        try
        {
            return new ConnectionCheck(process, name, true, await probe());
        }
        catch (Exception e) when (IsCheckFailure(e))
        {
            return new ConnectionCheck(process, name, false, e.Message);
        }
    }

    /// <summary>What Webex or the network said, already free of secrets; anything else is a bug and propagates.</summary>
    private static bool IsCheckFailure(Exception e) => e is VendorCallException or HttpRequestException or InvalidOperationException;
}
