using ProfileEngine.Connections;
using ProfileEngine.Profiles;
using ProfileEngine.Tests.Connections;
using ProfileEngine.Connectors.Webex;

namespace ProfileEngine.Tests.Profiles;

/// <summary>An engine connected to the simulator with the test subflows loaded: validate and publish in one call.</summary>
public static class PublishedOrg
{
    public static async Task<ConnectedOrg> StartAsync()
    {
        var org = await ConnectedOrg.StartAsync();
        await TestSubflows.ImportAllAsync(org.Engine);
        return org;
    }

    /// <summary>Connects the alias the profile needs (once), then creates, validates and publishes it.</summary>
    public static async Task<ProfileView> PublishAsync(this ConnectedOrg org, CreateProfile profile)
    {
        ArgumentNullException.ThrowIfNull(org);
        ArgumentNullException.ThrowIfNull(profile);
        var alias = profile.ConnectionAlias ?? WebexConnector.Descriptor.Aliases.ParentFor(profile.DownloadActivity, profile.ReclaimSubscriptions);
        var status = await org.Engine.SendAsync(s => s.Send(new GetConnectionStatus(alias)));
        if (status.Status != "Connected")
        {
            await org.ConnectAsync(alias);
        }

        var created = await org.Engine.SendAsync(s => s.Send(profile));
        return await org.RepublishAsync(created.Id);
    }

    public static async Task<ProfileView> RepublishAsync(this ConnectedOrg org, Guid profileId)
    {
        ArgumentNullException.ThrowIfNull(org);
        var validated = await org.Engine.SendAsync(s => s.Send(new ValidateProfileConnection(profileId)));
        Assert.True(validated.LastValidation!.Passed, string.Join("\n", validated.LastValidation.Checks.Where(c => !c.Passed).Select(c => c.Message)));
        return await org.Engine.SendAsync(s => s.Send(new PublishProfile(profileId, validated.Version, Confirm: true)));
    }
}
