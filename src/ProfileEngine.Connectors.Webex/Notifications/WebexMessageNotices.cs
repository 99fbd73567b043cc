using ProfileEngine.Connectors.Webex.Connections;
using ProfileEngine.Connectors.Webex.Models;

namespace ProfileEngine.Connectors.Webex.Notifications;

/// <summary>Holder notices as Webex direct messages, sent as the connected admin (hence the Reclaim alias's messages_write).</summary>
public sealed class WebexMessageNotices(ConnectedWebexClients clients) : IHolderNoticeChannel
{
    public async Task SendAsync(string aliasName, string externalUserId, string markdown, CancellationToken cancellationToken)
    {
        var client = await clients.CreateAsync(aliasName, cancellationToken);
        await client.SendDirectMessageAsync(DirectMessage.ToPerson(externalUserId, markdown), cancellationToken);
    }
}
