using System.Net;
using System.Text.Json;
using ProfileEngine.WebexSimulator;

namespace ProfileEngine.Tests.WebexSimulator;

public sealed class FaultTests
{
    private const string Read = "spark-admin:people_read";

    private static readonly int[] BadGatewayOnly = [502];

    [Fact]
    public async Task Rate_limit_answers_429_with_integer_retry_after_until_the_window_passes()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });
        await h.ControlAsync(HttpMethod.Put, "_sim/faults", new { rateLimit = new { requests = 2, windowSeconds = 30 } });
        var token = h.Token(Read);
        await h.GetJsonAsync("v1/people", token);
        await h.GetJsonAsync("v1/people", token);

        using var limited = await h.GetAsync("v1/people", token);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 30);

        // Another token has its own window.
        await h.GetJsonAsync("v1/people", h.Token(Read));

        await h.ControlAsync(HttpMethod.Put, "_sim/clock", new { advanceSeconds = retryAfter });
        await h.GetJsonAsync("v1/people", token);
    }

    [Fact]
    public async Task Scripted_faults_hit_the_next_matching_requests_in_order()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });
        var token = h.Token(Read, "spark-admin:licenses_read");
        await h.ControlAsync(HttpMethod.Post, "_sim/faults/script", new object[]
        {
            new { pathPrefix = "/v1/people", kind = "status", status = 503, times = 2 },
            new { pathPrefix = "/v1/people", method = "GET", kind = "rateLimit", retryAfterSeconds = 3, times = 1 },
        });

        await h.GetJsonAsync("v1/licenses", token);
        using (var first = await h.GetAsync("v1/people", token))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
            Assert.Equal(JsonValueKind.String, (await SimulatorHarness.ReadJsonAsync(first)).GetProperty("trackingId").ValueKind);
        }

        using (var second = await h.GetAsync("v1/people", token))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        }

        using (var third = await h.GetAsync("v1/people", token))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
            Assert.Equal("3", third.Headers.GetValues("Retry-After").Single());
        }

        await h.GetJsonAsync("v1/people", token);
    }

    [Fact]
    public async Task Malformed_truncated_and_dropped_answers()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 50 });
        var token = h.Token(Read);
        await h.ControlAsync(HttpMethod.Post, "_sim/faults/script", new object[]
        {
            new { pathPrefix = "/v1/people", kind = "malformed" },
            new { pathPrefix = "/v1/people", kind = "truncated" },
            new { pathPrefix = "/v1/people", kind = "drop" },
        });

        using (var malformed = await h.GetAsync("v1/people", token))
        {
            Assert.Equal(HttpStatusCode.OK, malformed.StatusCode);
            var text = await malformed.Content.ReadAsStringAsync();
            Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
        }

        var truncated = await Record.ExceptionAsync(() => h.GetAsync("v1/people?max=50", token));
        Assert.True(truncated is HttpRequestException or IOException, $"truncated body gave {truncated}");

        var dropped = await Record.ExceptionAsync(() => h.GetAsync("v1/people", token));
        Assert.IsType<HttpRequestException>(dropped);

        await h.GetJsonAsync("v1/people", token);
        var requests = await h.ControlAsync(HttpMethod.Get, "_sim/requests");
        Assert.Equal(1, requests.GetProperty("byStatus").GetProperty("0").GetInt32());
    }

    [Fact]
    public async Task Error_share_of_one_fails_every_call_until_cleared()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });
        var token = h.Token(Read);
        await h.ControlAsync(HttpMethod.Put, "_sim/faults", new { errorShare = 1.0, errorStatuses = BadGatewayOnly });
        for (var i = 0; i < 3; i++)
        {
            using var failed = await h.GetAsync("v1/people", token);
            Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        }

        await h.ControlAsync(HttpMethod.Put, "_sim/faults", new { });
        await h.GetJsonAsync("v1/people", token);
    }

    [Fact]
    public async Task Seeded_error_share_repeats_across_runs()
    {
        async Task<string> Run()
        {
            await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 10, Seed = 3 });
            var token = h.Token(Read);
            await h.ControlAsync(HttpMethod.Put, "_sim/faults", new { errorShare = 0.5 });
            var statuses = new List<int>();
            for (var i = 0; i < 20; i++)
            {
                using var response = await h.GetAsync("v1/people", token);
                statuses.Add((int)response.StatusCode);
            }

            return string.Join(',', statuses);
        }

        var first = await Run();
        Assert.Contains("200", first, StringComparison.Ordinal);
        Assert.Contains("50", first, StringComparison.Ordinal);
        Assert.Equal(first, await Run());
    }

    [Fact]
    public async Task Request_counters_and_log_record_the_webex_surface()
    {
        await using var h = await SimulatorHarness.StartAsync(new SimulatorOptions { Users = 20 });
        var token = h.Token(Read);
        await h.GetJsonAsync("v1/people?max=5", token);
        using (await h.GetAsync("v1/licenses", token))
        {
        }

        var requests = await h.ControlAsync(HttpMethod.Get, "_sim/requests");
        Assert.Equal(2, requests.GetProperty("total").GetInt32());
        Assert.Equal(1, requests.GetProperty("byStatus").GetProperty("200").GetInt32());
        Assert.Equal(1, requests.GetProperty("byStatus").GetProperty("403").GetInt32());
        Assert.Equal(1, requests.GetProperty("byPath").GetProperty("/v1/people").GetInt32());
        var first = requests.GetProperty("log")[0];
        Assert.Equal("GET", first.GetProperty("method").GetString());
        Assert.Equal("?max=5", first.GetProperty("query").GetString());
        Assert.Equal(token[^4..], first.GetProperty("token").GetString());

        using var cleared = await h.Http.DeleteAsync("_sim/requests");
        Assert.Equal(0, (await h.ControlAsync(HttpMethod.Get, "_sim/requests")).GetProperty("total").GetInt32());
    }
}
