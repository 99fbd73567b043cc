namespace ProfileEngine.Connectors;

/// <summary>How a license holder gets the notice before a removal: the connector's own channel (a direct message, an e-mail).</summary>
public interface IHolderNoticeChannel
{
    /// <summary>Sends the rendered notice (Markdown) to the holder, through the connection of <paramref name="aliasName"/>.</summary>
    Task SendAsync(string aliasName, string externalUserId, string markdown, CancellationToken cancellationToken);
}
