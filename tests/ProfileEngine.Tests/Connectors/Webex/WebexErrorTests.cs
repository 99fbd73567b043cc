using System.Net;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.WebexSimulator.OAuth;

namespace ProfileEngine.Tests.Connectors.Webex;

public sealed class WebexErrorTests
{
    [Fact]
    public async Task A_missing_scope_gives_a_403_whose_message_names_the_scope()
    {
        await using var harness = await WebexTestHarness.StartAsync(scopes: ["spark-admin:people_read"]);

        var error = await Assert.ThrowsAsync<WebexApiException>(() => harness.Client.ListLicensesAsync());

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(Access.ForbiddenMessage, error.VendorMessage);
        Assert.Contains("This call needs the scope spark-admin:licenses_read", error.Message, StringComparison.Ordinal);
        Assert.Contains("GET /v1/licenses", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.TrackingId);
    }

    [Fact]
    public async Task Malformed_JSON_in_a_page_names_the_endpoint_and_the_problem()
    {
        await using var harness = await WebexTestHarness.StartAsync();
        await harness.ScriptFaultsAsync(new { pathPrefix = "/v1/people", method = "GET", kind = "malformed", times = 1 });

        var error = await Assert.ThrowsAsync<WebexResponseException>(() => ReadAllPeopleAsync(harness.Client));

        Assert.Equal("/v1/people", error.Path);
        Assert.Contains("GET /v1/people", error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(error.InnerException);
    }

    [Fact]
    public async Task A_truncated_page_names_the_endpoint_and_says_it_was_cut_short()
    {
        await using var harness = await WebexTestHarness.StartAsync(users: 400);
        await harness.ScriptFaultsAsync(new { pathPrefix = "/v1/people", method = "GET", kind = "truncated", times = 1 });

        var error = await Assert.ThrowsAsync<WebexResponseException>(() => ReadAllPeopleAsync(harness.Client));

        Assert.Contains("GET /v1/people", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_messages_and_logs_never_carry_tokens_or_the_client_secret()
    {
        await using var harness = await WebexTestHarness.StartAsync(scopes: ["spark-admin:people_read"]);
        var secrets = new[]
        {
            harness.Connection.Tokens.AccessToken, harness.Connection.Tokens.RefreshToken, harness.Connection.ClientSecret,
        };
        var errors = new List<Exception>
        {
            await Assert.ThrowsAsync<WebexApiException>(() => harness.Client.ListRolesAsync()),
        };
        await harness.ScriptFaultsAsync(new { pathPrefix = "/v1/people", kind = "status", status = 401, times = 2 });
        errors.Add(await Assert.ThrowsAsync<WebexAuthenticationException>(() => ReadAllPeopleAsync(harness.Client)));
        var broken = harness.CreateClient(harness.Connection with
        {
            Tokens = harness.Connection.Tokens with { RefreshToken = "not-a-live-refresh-token" },
        });
        await harness.ExpireAccessTokensAsync();
        errors.Add(await Assert.ThrowsAsync<WebexAuthenticationException>(() => broken.ListRolesAsync()));

        var current = harness.Client.CurrentTokens;
        var texts = errors.Select(e => e.ToString()).Concat(harness.Logs.Lines).ToList();
        Assert.Contains(harness.Logs.Lines, line => line.Contains("refreshing the access token", StringComparison.Ordinal));
        foreach (var text in texts)
        {
            foreach (var secret in secrets.Append(current.AccessToken).Append(current.RefreshToken).Append("not-a-live-refresh-token"))
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Tokens_credentials_and_token_responses_print_without_secrets()
    {
        var tokens = new WebexTokens("access-SECRET-1", DateTimeOffset.UnixEpoch, "refresh-SECRET-2", null);
        var connection = new WebexConnection
        {
            BaseAddress = new Uri("https://webexapis.com/"),
            ClientId = "C123",
            ClientSecret = "client-SECRET-3",
            Tokens = tokens,
            OnTokensRefreshed = (_, _) => Task.CompletedTask,
        };
        var response = new WebexTokenResponse { AccessToken = "access-SECRET-4", RefreshToken = "refresh-SECRET-5", ExpiresIn = 60 };

        var printed = string.Join("\n", tokens.ToString(), connection.ToString(), response.ToString(), $"{tokens}", $"{connection}");

        Assert.DoesNotContain("SECRET", printed, StringComparison.Ordinal);
        Assert.Contains("C123", printed, StringComparison.Ordinal);
        Assert.Contains("***", printed, StringComparison.Ordinal);
    }

    private static async Task ReadAllPeopleAsync(WebexClient client)
    {
        await foreach (var _ in client.ListPeopleAsync(new PeopleQuery { Max = 1000 }))
        {
        }
    }
}
