using ProfileEngine.Connections;
using ProfileEngine.Connectors.Scim.Client;
using ProfileEngine.Profiles;

namespace ProfileEngine.Connectors.Scim.Connections;

/// <summary>
/// Validate Connection for a SCIM profile: the token works and one page of users reads with the profile's license
/// source and, when it has one, its activity attribute.
/// </summary>
public sealed class ScimConnectionChecks(ConnectedScimClients clients) : IConnectionChecks
{
    private const string ConnectionProcess = "Connection";
    private const string DownloadProcess = "Download";
    private const string ActivityProcess = "Activity";

    public IReadOnlyList<(string Process, string Name)> Planned(IntegrationProfile profile, ConnectionAlias connectionAlias)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var planned = new List<(string, string)> { (ConnectionProcess, "Token works"), (DownloadProcess, "Read users and their licenses") };
        if (profile.DownloadActivity)
        {
            planned.Add((ActivityProcess, "Read the activity attribute"));
        }

        return planned;
    }

    public async Task<IReadOnlyList<ConnectionCheck>> RunAsync(IntegrationProfile profile, ConnectionAlias connectionAlias, Connection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(connectionAlias);
        var settings = ScimProfileSettings.Of(profile);
        var checks = new List<ConnectionCheck>();
        ScimUserPage page;
        try
        {
            var client = await clients.CreateAsync(connectionAlias.Name, cancellationToken);
            page = await client.ListUsersAsync(1, 5, null, settings.LicenseSource, settings.ActivityAttribute, cancellationToken);
        }
        catch (VendorCallException e)
        {
            checks.Add(new ConnectionCheck(ConnectionProcess, "Token works", false, e.Message));
            checks.AddRange(Planned(profile, connectionAlias).Skip(1).Select(p => new ConnectionCheck(p.Process, p.Name, false, "Not checked: the token does not work.")));
            return checks;
        }

        checks.Add(new ConnectionCheck(ConnectionProcess, "Token works", true, $"The SCIM application lists {page.TotalResults} user(s)."));
        checks.Add(new ConnectionCheck(DownloadProcess, "Read users and their licenses", true,
            $"The first {page.Users.Count} user(s) hold {page.Users.Sum(u => u.Licenses.Count)} license(s) in {settings.LicenseSource}."));
        if (profile.DownloadActivity)
        {
            checks.Add(settings.ActivityAttribute is null
                ? new ConnectionCheck(ActivityProcess, "Read the activity attribute", false,
                    "The profile names no activity attribute (setting activityAttribute); without activity nobody can be proven inactive. Name one or turn Download activity off.")
                : new ConnectionCheck(ActivityProcess, "Read the activity attribute", true,
                    $"{page.Users.Count(u => u.LastLogin is not null)} of the first {page.Users.Count} user(s) carry {settings.ActivityAttribute}."));
        }

        return checks;
    }
}
