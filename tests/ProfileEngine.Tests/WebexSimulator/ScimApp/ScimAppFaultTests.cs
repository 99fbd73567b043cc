using ProfileEngine.WebexSimulator.Faults;

namespace ProfileEngine.Tests.WebexSimulator.ScimApp;

public sealed class ScimAppFaultTests
{
    [Fact]
    public async Task Scripted_429s_carry_retry_after_then_requests_pass_again()
    {
        await using var h = await ScimAppHarness.StartAsync(users: 5);
        h.State.Faults.AddScript([new ScriptedFault { PathPrefix = "/scim/v2/Users", Kind = "rateLimit", RetryAfterSeconds = 7, Times = 2 }]);

        for (var i = 0; i < 2; i++)
        {
            using var limited = await h.SendAsync(HttpMethod.Get, "Users");
            Assert.Equal("7", limited.Headers.GetValues("Retry-After").Single());
            await ScimAppHarness.AssertScimErrorAsync(limited, 429);
        }

        using var groups = await h.SendAsync(HttpMethod.Get, "Groups");
        Assert.Equal(200, (int)groups.StatusCode);
        using var passed = await h.SendAsync(HttpMethod.Get, "Users");
        Assert.Equal(200, (int)passed.StatusCode);
    }

    [Fact]
    public async Task Fail_next_answers_the_status_only_for_the_method_and_path_given()
    {
        await using var h = await ScimAppHarness.StartAsync(users: 5);
        var user = h.State.Users()[0];
        h.State.FailNext("/scim/v2/Users/", 503, times: 1, retryAfterSeconds: 2, method: "PATCH");

        using var read = await h.SendAsync(HttpMethod.Get, "Users/" + user.Id);
        Assert.Equal(200, (int)read.StatusCode);
        using var failed = await h.PatchAsync("Users/" + user.Id, """[{"op":"replace","path":"active","value":false}]""");
        Assert.Equal("2", failed.Headers.GetValues("Retry-After").Single());
        await ScimAppHarness.AssertScimErrorAsync(failed, 503);
        Assert.Equal(user.Active, h.State.GetUser(user.Id).Active);

        using var retried = await h.PatchAsync("Users/" + user.Id, """[{"op":"replace","path":"active","value":false}]""");
        Assert.Equal(200, (int)retried.StatusCode);
    }

    [Fact]
    public async Task The_request_log_records_method_path_query_and_status()
    {
        await using var h = await ScimAppHarness.StartAsync(users: 5);
        var user = h.State.Users()[0];
        using var list = await h.SendAsync(HttpMethod.Get, "Users?count=2");
        using var patch = await h.PatchAsync("Users/" + user.Id, """[{"op":"replace","path":"active","value":true}]""");
        using var missing = await h.SendAsync(HttpMethod.Get, "Users/nobody");

        var log = h.State.Requests.Snapshot();
        Assert.Equal(
            [("GET", "/scim/v2/Users", "?count=2", 200), ("PATCH", "/scim/v2/Users/" + user.Id, "", 200), ("GET", "/scim/v2/Users/nobody", "", 404)],
            log.Select(e => (e.Method, e.Path, e.Query, e.Status)));
        Assert.Single(log, e => e.Method == "PATCH");
    }
}
