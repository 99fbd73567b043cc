using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Subscriptions;

namespace ProfileEngine.Connectors.Webex.UserActivity;

/// <summary>Hosted sessions from each site's usage report, their hosts resolved by e-mail a page at a time.</summary>
public sealed partial class UpdateUserActivity
{
    /// <summary>
    /// Meetings, Training, Events and Support sessions hosted, one stream (and watermark) per service type, per site of the
    /// profile's licenses. The report names hosts by email only: a host is the person whose subscription has that
    /// user principal name; hosting by someone holding no subscription of this profile is counted and ignored. Hosts
    /// are looked up a page of sessions at a time, so memory does not grow with the org.
    /// </summary>
    private async Task ReadUsageReportsAsync(Run run, MeaningfulActivityRules rules, WebexClient client, Guid profileId, DateTimeOffset analyzeFrom, CancellationToken cancellationToken)
    {
        List<string> sites;
        await using (var db = await Databases.CreateDbContextAsync(cancellationToken))
        {
            sites = await db.ProfileLicenses.AsNoTracking().Where(l => l.ProfileId == profileId && l.SiteUrl != null)
                .Select(l => l.SiteUrl!).Distinct().ToListAsync(cancellationToken);
        }

        if (sites.Count == 0)
        {
            // No site license downloaded yet: nothing to ask for, and no watermark, so the first run with sites reads from analyze-from.
            return;
        }

        foreach (var (serviceType, products) in rules.ReportHostingProducts)
        {
            await run.StreamAsync(UsageReportStream(serviceType), analyzeFrom, async (windowFrom, windowTo, sink) =>
            {
                var page = new List<(string Email, DateTimeOffset Held)>(WebexClient.MaxMeetingUsagePageSize);
                foreach (var site in sites)
                {
                    var query = new MeetingUsageQuery { SiteUrl = site, ServiceType = serviceType, From = windowFrom, To = windowTo, Max = WebexClient.MaxMeetingUsagePageSize };
                    await foreach (var session in client.ListMeetingUsageReportsAsync(query, cancellationToken))
                    {
                        sink.Read("sessionsRead");
                        if (string.IsNullOrEmpty(session.HostEmail) || (session.Start ?? session.End) is not { } held)
                        {
                            sink.Read("unresolvedActors");
                            continue;
                        }

                        page.Add((session.HostEmail, held));
                        if (page.Count == WebexClient.MaxMeetingUsagePageSize)
                        {
                            await SeenHostsAsync(profileId, page, products, sink, cancellationToken);
                        }
                    }
                }

                await SeenHostsAsync(profileId, page, products, sink, cancellationToken);
            }, cancellationToken, window: WebexClient.MaxMeetingUsageInterval, minOverlap: UsageReportDelay);
        }
    }

    /// <summary>
    /// Resolves a page of hosts' emails to the people holding the profile's subscriptions (as Webex wrote the email, or
    /// in lower case: Webex keeps emails in lower case) and records their hosting; empties the page.
    /// </summary>
    private async Task SeenHostsAsync(Guid profileId, List<(string Email, DateTimeOffset Held)> page, List<string> products, Run sink, CancellationToken cancellationToken)
    {
        if (page.Count == 0)
        {
            return;
        }

        var emails = page.Select(p => p.Email).Concat(page.Select(p => p.Email.ToLowerInvariant())).Distinct(StringComparer.Ordinal).ToList();
        var hosts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await using (var db = await Databases.CreateDbContextAsync(cancellationToken))
        {
            var found = await db.SoftwareSubscriptions.AsNoTracking()
                .Where(s => s.ProfileId == profileId && s.UserPrincipalName != null && emails.Contains(s.UserPrincipalName))
                .Select(s => new { Email = s.UserPrincipalName!, s.ExternalUserId }).Distinct().ToListAsync(cancellationToken);
            foreach (var holder in found)
            {
                hosts.TryAdd(holder.Email, holder.ExternalUserId);
            }
        }

        foreach (var (email, held) in page)
        {
            if (!hosts.TryGetValue(email, out var host))
            {
                sink.Read("hostsWithoutSubscription");
                continue;
            }

            foreach (var product in products)
            {
                await sink.SeenAsync(host, product, held);
            }
        }

        page.Clear();
    }
}
