using System.Net;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Connectors.Webex.Models;

namespace ProfileEngine.Tests.Connectors.Webex;

/// <summary>The lists that feed last-activity and identity: compliance events, admin audit, meetings, SCIM users.</summary>
public sealed class WebexActivityListTests
{
    private static readonly DateTimeOffset From = WebexTestHarness.Start.AddDays(-30);

    [Fact]
    public async Task Compliance_events_in_small_pages_are_the_same_events_as_in_one_large_page()
    {
        await using var harness = await WebexTestHarness.StartAsync();
        var query = new ComplianceEventQuery { From = From, To = WebexTestHarness.Start, Max = 1000 };

        var whole = await ReadAsync(harness.Client.ListComplianceEventsAsync(query));
        await harness.ClearRequestsAsync();
        var paged = await ReadAsync(harness.Client.ListComplianceEventsAsync(query with { Max = 25 }));

        Assert.True(whole.Count > 50, $"expected a busy month, got {whole.Count} events");
        Assert.Equal(whole.Select(e => e.Id), paged.Select(e => e.Id));
        Assert.All(paged, e => Assert.InRange(e.Created, From, WebexTestHarness.Start));
        Assert.All(paged, e => Assert.False(string.IsNullOrEmpty(e.ActorId)));
        var pages = (await harness.GetRequestsAsync()).To("/v1/events");
        Assert.Equal((paged.Count + 24) / 25, pages.Count);
        Assert.All(pages, page => Assert.Equal("25", page.Parameter("max")));
    }

    [Fact]
    public async Task Admin_audit_events_follow_the_offset_links_of_the_window()
    {
        await using var harness = await WebexTestHarness.StartAsync();
        var query = new AdminAuditEventQuery { OrgId = harness.Simulator.Org.OrgId, From = From, To = WebexTestHarness.Start, Max = 200 };

        var whole = await ReadAsync(harness.Client.ListAdminAuditEventsAsync(query));
        await harness.ClearRequestsAsync();
        var paged = await ReadAsync(harness.Client.ListAdminAuditEventsAsync(query with { Max = 3 }));

        Assert.True(whole.Count > 3, $"expected admin logins in a month, got {whole.Count}");
        Assert.Equal(whole.Select(e => e.Id), paged.Select(e => e.Id));
        Assert.All(paged, e => Assert.StartsWith("EventCategory.", e.Data?.EventCategory, StringComparison.Ordinal));
        var pages = (await harness.GetRequestsAsync()).To("/v1/adminAudit/events");
        Assert.True(pages.Count >= 2);
        Assert.All(pages, page => Assert.Equal(harness.Simulator.Org.OrgId, page.Parameter("orgId")));
    }

    [Fact]
    public async Task Meetings_are_listed_as_instances_of_the_window_page_by_page()
    {
        await using var harness = await WebexTestHarness.StartAsync();
        var query = new MeetingQuery { From = From, To = WebexTestHarness.Start, Max = 100 };

        var whole = await ReadAsync(harness.Client.ListMeetingsAsync(query));
        await harness.ClearRequestsAsync();
        var paged = await ReadAsync(harness.Client.ListMeetingsAsync(query with { Max = 4 }));

        Assert.True(whole.Count > 4, $"expected meetings in a month, got {whole.Count}");
        Assert.Equal(whole.Select(m => m.Id), paged.Select(m => m.Id));
        Assert.All(paged, m => Assert.InRange(m.Start!.Value, From, WebexTestHarness.Start));
        Assert.All(paged, m => Assert.False(string.IsNullOrEmpty(m.HostEmail)));
        var pages = (await harness.GetRequestsAsync()).To("/v1/meetings");
        Assert.Equal((paged.Count + 3) / 4, pages.Count);
        Assert.All(pages, page => Assert.Equal("meeting", page.Parameter("meetingType")));
    }

    [Fact]
    public async Task Usage_reports_of_a_service_type_stream_newest_first_page_by_page()
    {
        await using var harness = await WebexTestHarness.StartAsync(users: 100);
        var site = harness.Simulator.State.Data.SiteUrl;
        var hosts = harness.Simulator.State.Data.People.Where(p => p.Ordinal > 1).Take(8).ToList();
        for (var i = 0; i < hosts.Count; i++)
        {
            harness.Simulator.State.AppendActivity(hosts[i].Id, "trainingHosted", WebexTestHarness.Start.AddDays(-i - 1));
        }

        var query = new MeetingUsageQuery { SiteUrl = site, ServiceType = MeetingUsageQuery.TrainingCenter, From = From, To = WebexTestHarness.Start, Max = 1000 };

        var whole = await ReadAsync(harness.Client.ListMeetingUsageReportsAsync(query));
        await harness.ClearRequestsAsync();
        var paged = await ReadAsync(harness.Client.ListMeetingUsageReportsAsync(query with { Max = 3 }));

        Assert.True(whole.Count >= hosts.Count, $"expected at least the {hosts.Count} sessions added, got {whole.Count}");
        Assert.Equal(whole.Select(r => r.MeetingId), paged.Select(r => r.MeetingId));
        Assert.Equal(paged.Select(r => r.Start).OrderDescending(), paged.Select(r => r.Start));
        Assert.All(paged, r => Assert.Equal(MeetingUsageQuery.TrainingCenter, r.ServiceType));
        Assert.All(paged, r => Assert.False(string.IsNullOrEmpty(r.HostEmail)));
        var pages = (await harness.GetRequestsAsync()).To("/v1/meetingReports/usage");
        Assert.Equal((paged.Count + 2) / 3, pages.Count);
        Assert.All(pages, page => Assert.Equal(site, page.Parameter("siteUrl")));
    }

    [Fact]
    public async Task A_usage_report_range_over_30_days_is_refused_before_any_request()
    {
        await using var harness = await WebexTestHarness.StartAsync();
        var query = new MeetingUsageQuery { SiteUrl = "acme.webex.com", From = WebexTestHarness.Start.AddDays(-31), To = WebexTestHarness.Start };

        await Assert.ThrowsAsync<ArgumentException>(() => ReadAsync(harness.Client.ListMeetingUsageReportsAsync(query)));
        await Assert.ThrowsAsync<ArgumentException>(() => ReadAsync(harness.Client.ListMeetingUsageReportsAsync(query with { From = From, ServiceType = "Training" })));
        Assert.Empty((await harness.GetRequestsAsync()).To("/v1/meetingReports/usage"));
    }

    [Fact]
    public async Task Scim_users_are_paged_by_startIndex_until_totalResults()
    {
        await using var harness = await WebexTestHarness.StartAsync(users: 250);
        var orgUuid = harness.Simulator.Org.OrgUuid;

        var whole = await ReadAsync(harness.Client.ListScimUsersAsync(orgUuid, new ScimUserQuery { Count = 1000 }));
        await harness.ClearRequestsAsync();
        var paged = await ReadAsync(harness.Client.ListScimUsersAsync(orgUuid, new ScimUserQuery { Count = 40 }));

        Assert.True(whole.Count > 200, $"expected most of the 250 people as SCIM users, got {whole.Count}");
        Assert.Equal(whole.Select(u => u.Id), paged.Select(u => u.Id));
        Assert.Equal(paged.Count, paged.Select(u => u.Id).Distinct(StringComparer.Ordinal).Count());
        var pages = (await harness.GetRequestsAsync()).Log.Where(r => r.Path.EndsWith("/v2/Users", StringComparison.Ordinal)).ToList();
        Assert.Equal((paged.Count + 39) / 40, pages.Count);
        Assert.Equal(Enumerable.Range(0, pages.Count).Select(i => (1 + (i * 40)).ToString(System.Globalization.CultureInfo.InvariantCulture)), pages.Select(p => p.Parameter("startIndex")));
    }

    [Fact]
    public async Task Scim_filter_and_sort_are_passed_through()
    {
        await using var harness = await WebexTestHarness.StartAsync(users: 60);
        var orgUuid = harness.Simulator.Org.OrgUuid;
        var admin = harness.Simulator.Org.AdminEmail;

        var found = await ReadAsync(harness.Client.ListScimUsersAsync(orgUuid, new ScimUserQuery { Filter = $"userName eq \"{admin}\"" }));
        var sorted = await ReadAsync(harness.Client.ListScimUsersAsync(orgUuid, new ScimUserQuery { SortBy = "userName", SortOrder = "descending", Count = 7 }));

        Assert.Equal(admin, Assert.Single(found).UserName);
        Assert.Equal(sorted.Select(u => u.UserName).OrderDescending(StringComparer.Ordinal), sorted.Select(u => u.UserName));
    }

    [Fact]
    public async Task A_bad_scim_filter_shows_the_scim_detail()
    {
        await using var harness = await WebexTestHarness.StartAsync();

        var error = await Assert.ThrowsAsync<WebexApiException>(
            () => ReadAsync(harness.Client.ListScimUsersAsync(harness.Simulator.Org.OrgUuid, new ScimUserQuery { Filter = "userName zz" })));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("invalidFilter", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.VendorMessage);
    }

    [Fact]
    public async Task A_direct_message_is_delivered_with_its_markdown()
    {
        await using var harness = await WebexTestHarness.StartAsync();
        var admin = harness.Simulator.Org.AdminEmail;

        var sent = await harness.Client.SendDirectMessageAsync(DirectMessage.ToEmail(admin, "Your **Webex Calling** license will be reclaimed."));

        Assert.Equal(admin, sent.ToPersonEmail);
        Assert.False(string.IsNullOrEmpty(sent.Id));
        using var log = await harness.GetControlAsync("_sim/messages");
        var delivered = Assert.Single(log.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("Your **Webex Calling** license will be reclaimed.", delivered.GetProperty("markdown").GetString());
    }

    private static async Task<List<T>> ReadAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
