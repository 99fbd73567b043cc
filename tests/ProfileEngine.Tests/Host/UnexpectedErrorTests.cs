using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Messaging;
using ProfileEngine.Profiles;
using ProfileEngine.Tests.Support;
using ProfileEngine.Users;

namespace ProfileEngine.Tests.Host;

/// <summary>
/// An exception the engine does not expect is the server's fault: the API answers a 500 problem that names no internals
/// (the log has them, under the trace id it gives), and the web UI's page is not turned into JSON.
/// </summary>
public sealed class UnexpectedErrorTests
{
    private const string Internals = "connection string Password=hunter2 at ListProfiles";

    [Fact]
    public async Task The_API_answers_a_500_problem_without_internals_and_the_log_has_them_while_pages_stay_html()
    {
        var failure = new FailingValidator();
        await using var host = await TestHost.StartAsync(
            new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" },
            services => services.AddSingleton<IValidator<ListProfiles>>(failure));
        await host.CreateUserAsync("reader", "a long enough password", [EngineRoles.ReadOnly]);
        using var ui = await UiSession.SignInAsync(host.Address, "reader", "a long enough password");
        using var api = host.CreateClient();
        failure.Armed = true;

        using var apiAnswer = await api.GetAsync(new Uri("profiles", UriKind.Relative));
        var apiText = await apiAnswer.Content.ReadAsStringAsync();
        using var pageAnswer = await ui.GetAsync("ui/profiles");
        var pageText = await pageAnswer.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, apiAnswer.StatusCode);
        Assert.Equal("application/problem+json", apiAnswer.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(apiText)!;
        Assert.Equal(500, (int)problem["status"]!);
        Assert.DoesNotContain("hunter2", apiText, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), apiText, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(FailingValidator), apiText, StringComparison.Ordinal);
        var traceId = (string)problem["traceId"]!;
        Assert.Contains(traceId, (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Contains(host.Logs.Lines, line => line.Contains(traceId, StringComparison.Ordinal) && line.Contains(Internals, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.InternalServerError, pageAnswer.StatusCode);
        Assert.NotEqual("application/problem+json", pageAnswer.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("hunter2", pageText, StringComparison.Ordinal);
    }

    /// <summary>Once armed, every ListProfiles fails as a bug would (not one of the engine's refusals).</summary>
    private sealed class FailingValidator : IValidator<ListProfiles>
    {
        public bool Armed { get; set; }

        public ValueTask ValidateAsync(ListProfiles request, ValidationErrors errors, CancellationToken cancellationToken) =>
            Armed ? throw new InvalidOperationException(Internals) : ValueTask.CompletedTask;
    }
}
