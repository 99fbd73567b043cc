namespace ProfileEngine.Connectors.Scim.Notifications;

/// <summary>
/// SCIM has no way to message a person, so a SCIM profile cannot send holder notices: a rule that notifies the
/// holder fails with this explanation (the candidate shows it) instead of pretending the notice went out.
/// </summary>
public sealed class NoHolderNotices : IHolderNoticeChannel
{
    public Task SendAsync(string aliasName, string externalUserId, string markdown, CancellationToken cancellationToken) =>
        throw new VendorCallException(
            ScimConnector.Vendor,
            "A SCIM application has no channel to message the license holder; turn off user notification on the reclamation rules of SCIM profiles.");
}
