using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connectors;
using ProfileEngine.Persistence;
using ProfileEngine.Reclamation;
using ProfileEngine.Templates;

namespace ProfileEngine.Notifications;

/// <summary>
/// The notice a license holder gets before a license is reclaimed, rendered from a template with Keep and Remove links
/// to the host, and sent by the connector's channel (<see cref="IHolderNoticeChannel"/>) through the profile's own connection.
/// </summary>
public sealed class HolderNotices(
    IDbContextFactory<ProfileEngineDbContext> databases,
    VendorConnectors connectors,
    TemplateRenderer templates,
    HolderNoticeLinks links)
{
    public const string NoticeTemplate = "removal-notice.sbn";
    public const string ReminderTemplate = "removal-reminder.sbn";

    /// <summary>Adds a new link for the candidate to <paramref name="db"/>'s unit of work.</summary>
    public static HolderNoticeLink NewLink(DbContext db, Guid linkId, RemovalCandidate candidate, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(candidate);
        var link = new HolderNoticeLink { Id = linkId, CandidateId = candidate.Id, CreatedAt = now, ExpiresAt = expiresAt };
        db.Add(link);
        return link;
    }

    /// <summary>Renders <paramref name="template"/> for the candidate and sends it to the holder.</summary>
    public async Task SendAsync(RemovalCandidate candidate, Guid linkId, string template, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        string alias;
        string profileType;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            var profile = await db.IntegrationProfiles.Where(p => p.Id == candidate.ProfileId).Select(p => new { Alias = p.ConnectionAlias!.Name, p.ProfileType }).SingleOrDefaultAsync(cancellationToken)
                ?? throw new InvalidOperationException($"The profile of {candidate.Number} is gone; no notice can be sent.");
            (alias, profileType) = (profile.Alias, profile.ProfileType);
        }

        var token = links.Seal(linkId);
        var url = links.UrlFor(token);
        var markdown = await templates.RenderAsync(template, new Dictionary<string, string>
        {
            ["display_name"] = candidate.DisplayName ?? candidate.UserPrincipalName ?? "there",
            ["product"] = candidate.ModelName ?? candidate.Identifier,
            ["inactive_days"] = candidate.InactiveDays.ToString(CultureInfo.InvariantCulture),
            ["deadline"] = candidate.AnswerDueAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "soon",
            ["keep_url"] = url + "?answer=Keep",
            ["remove_url"] = url + "?answer=Remove",
            ["number"] = candidate.Number,
        }, cancellationToken);
        await connectors.NoticesOf(connectors.For(profileType)).SendAsync(alias, candidate.ExternalUserId, markdown, cancellationToken);
    }
}
