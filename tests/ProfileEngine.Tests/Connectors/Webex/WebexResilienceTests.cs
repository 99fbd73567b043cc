using System.Net;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Connectors.Webex.Models;

namespace ProfileEngine.Tests.Connectors.Webex;

public sealed class WebexResilienceTests
{
    private static bool IsRetryWait(TimeSpan due) => due != WebexTestHarness.AttemptTimeout;

    [Fact]
    public async Task A_429_is_retried_only_after_the_clock_moved_by_Retry_After()
    {
        await using var harness = await WebexTestHarness.StartAsync();
        await harness.ScriptFaultsAsync(new { pathPrefix = "/v1/roles", method = "GET", kind = "rateLimit", retryAfterSeconds = 7, times = 1 });

        var call = harness.Client.ListRolesAsync();
        var wait = await harness.Clock.WaitForTimerAsync(IsRetryWait);

        var beforeTheWait = await harness.GetRequestsAsync();
        Assert.Equal(TimeSpan.FromSeconds(7), wait);
        Assert.False(call.IsCompleted);
        Assert.DoesNotContain(beforeTheWait.To("/v1/roles"), r => r.Status == 200);

        harness.Clock.Advance(wait);
        var roles = await call;

        Assert.NotEmpty(roles);
        var attempts = (await harness.GetRequestsAsync()).To("/v1/roles");
        Assert.Equal([429, 200], attempts.Select(a => a.Status));
        Assert.Equal(TimeSpan.FromSeconds(7), attempts[1].At - attempts[0].At);
    }

    [Fact]
    public async Task Three_503s_are_retried_with_growing_backoff_and_the_call_succeeds()
    {
        await using var harness = await WebexTestHarness.StartAsync();
        await harness.ScriptFaultsAsync(new { pathPrefix = "/v1/licenses", method = "GET", kind = "status", status = 503, times = 3 });

        var call = harness.Client.ListLicensesAsync();
        var waits = await harness.Clock.RunAsync(call, IsRetryWait);

        Assert.NotEmpty(await call);
        Assert.Equal(3, waits.Count);
        Assert.All(waits, wait => Assert.InRange(wait, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(30)));
        var attempts = (await harness.GetRequestsAsync()).To("/v1/licenses");
        Assert.Equal([503, 503, 503, 200], attempts.Select(a => a.Status));
    }

    [Fact]
    public async Task More_503s_than_the_retry_bound_give_a_WebexApiException_with_status_and_tracking_id()
    {
        await using var harness = await WebexTestHarness.StartAsync();
        await harness.ScriptFaultsAsync(new { pathPrefix = "/v1/licenses", method = "GET", kind = "status", status = 503, times = 10 });

        var call = harness.Client.ListLicensesAsync();
        await harness.Clock.RunAsync(call.ContinueWith(_ => { }, TaskScheduler.Default), IsRetryWait);

        var error = await Assert.ThrowsAsync<WebexApiException>(() => call);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.StartsWith("ROUTER_", error.TrackingId, StringComparison.Ordinal);
        Assert.Contains(error.TrackingId!, error.Message, StringComparison.Ordinal);
        Assert.Contains("GET /v1/licenses", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, (await harness.GetRequestsAsync()).CountOf("/v1/licenses"));
    }

    [Fact]
    public async Task A_dropped_connection_is_retried()
    {
        await using var harness = await WebexTestHarness.StartAsync();
        await harness.ScriptFaultsAsync(new { pathPrefix = "/v1/roles", kind = "drop", times = 1 });

        var call = harness.Client.ListRolesAsync();
        await harness.Clock.RunAsync(call, IsRetryWait);

        Assert.NotEmpty(await call);
        Assert.Equal(2, (await harness.GetRequestsAsync()).CountOf("/v1/roles"));
    }

    [Fact]
    public async Task A_direct_message_is_not_sent_twice_after_a_503()
    {
        await using var harness = await WebexTestHarness.StartAsync();
        await harness.ScriptFaultsAsync(new { pathPrefix = "/v1/messages", method = "POST", kind = "status", status = 503, times = 1 });

        var error = await Assert.ThrowsAsync<WebexApiException>(
            () => harness.Client.SendDirectMessageAsync(DirectMessage.ToEmail(harness.Simulator.Org.AdminEmail, "Your **Webex** license")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(1, (await harness.GetRequestsAsync()).CountOf("/v1/messages"));
    }

    [Fact]
    public async Task An_attempt_that_times_out_on_the_clock_is_retried()
    {
        await using var harness = await WebexTestHarness.StartAsync();
        await harness.SetFaultsAsync(new { latencyMs = 600_000 });

        var call = harness.Client.ListRolesAsync();
        harness.Clock.Advance(await harness.Clock.WaitForTimerAsync(due => due == WebexTestHarness.AttemptTimeout));
        var backoff = await harness.Clock.WaitForTimerAsync(IsRetryWait);
        Assert.False(call.IsCompleted);
        await harness.SetFaultsAsync(new { });
        harness.Clock.Advance(backoff);

        Assert.NotEmpty(await call);
        Assert.Equal(200, (await harness.GetRequestsAsync()).To("/v1/roles")[^1].Status);
    }

    [Fact]
    public async Task Cancelling_during_a_Retry_After_wait_stops_without_another_request()
    {
        await using var harness = await WebexTestHarness.StartAsync();
        await harness.ScriptFaultsAsync(new { pathPrefix = "/v1/roles", kind = "rateLimit", retryAfterSeconds = 30, times = 1 });
        using var cancellation = new CancellationTokenSource();

        var call = harness.Client.ListRolesAsync(cancellation.Token);
        await harness.Clock.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(30));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        harness.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal([429], (await harness.GetRequestsAsync()).To("/v1/roles").Select(r => r.Status));
    }

    [Fact]
    public void Retry_After_is_capped_and_defaulted()
    {
        var options = new WebexClientOptions { DefaultRetryAfter = TimeSpan.FromSeconds(5), MaxRetryAfter = TimeSpan.FromSeconds(60) };
        using var absent = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        using var huge = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        huge.Headers.Add("Retry-After", "3600");
        using var exact = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        exact.Headers.Add("Retry-After", "12");

        Assert.Equal(TimeSpan.FromSeconds(5), WebexResilience.RateLimitDelay(absent, options, TimeProvider.System));
        Assert.Equal(TimeSpan.FromSeconds(60), WebexResilience.RateLimitDelay(huge, options, TimeProvider.System));
        Assert.Equal(TimeSpan.FromSeconds(12), WebexResilience.RateLimitDelay(exact, options, TimeProvider.System));
    }
}
