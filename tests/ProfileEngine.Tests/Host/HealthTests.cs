using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Persistence;
using ProfileEngine.Tests.Support;
using ProfileEngine.Workflows.Persistence;
using Quartz;

namespace ProfileEngine.Tests.Host;

/// <summary><c>GET /health</c> through the real host, anonymous: database, scheduler, workflow instances.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task A_started_engine_reports_the_database_the_scheduler_and_the_workflow_instances()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });
        using var http = host.CreateAnonymousClient();

        using var response = await http.GetAsync(new Uri("health", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = JsonNode.Parse(body)!;
        Assert.Equal("Healthy", (string?)health["status"]);
        Assert.Equal("Healthy", (string?)health["database"]!["status"]);
        var scheduler = health["scheduler"]!;
        Assert.Equal("Healthy", (string?)scheduler["status"]);
        Assert.Equal("Running", (string?)scheduler["state"]);
        Assert.False((bool)scheduler["inStandby"]!);
        Assert.False((bool)scheduler["clustered"]!);
        Assert.False(string.IsNullOrEmpty((string?)scheduler["jobStore"]));
        var workflows = health["workflows"]!;
        Assert.Equal(0, (int)workflows["staleRunning"]!);
        Assert.NotNull(workflows["running"]);
        Assert.NotNull(workflows["suspended"]);
        Assert.NotNull(workflows["faulted"]);
        // Anonymous: no path of the data folder, let alone a connection string.
        Assert.DoesNotContain(host.Data.Path, body, StringComparison.Ordinal);
        Assert.DoesNotContain("Data Source", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_Running_instance_without_progress_makes_it_Degraded_and_counts_it()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ProfileEngine:WebexSimulator:Enabled"] = "false",
            ["ProfileEngine:Health:StaleRunningAfter"] = "00:10:00",
        });
        var now = TimeProvider.System.GetUtcNow();
        await using (var db = await host.App.Services.GetRequiredService<IDbContextFactory<ProfileEngineDbContext>>().CreateDbContextAsync())
        {
            db.Set<WorkflowInstanceRecord>().Add(Instance("stale", WorkflowStatus.Running, now.AddMinutes(-11)));
            db.Set<WorkflowInstanceRecord>().Add(Instance("fresh", WorkflowStatus.Running, now));
            db.Set<WorkflowInstanceRecord>().Add(Instance("faulted", WorkflowStatus.Faulted, now.AddHours(-5)));
            await db.SaveChangesAsync();
        }

        using var http = host.CreateAnonymousClient();
        using var response = await http.GetAsync(new Uri("health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Degraded", (string?)health["status"]);
        var workflows = health["workflows"]!;
        Assert.Equal(1, (int)workflows["staleRunning"]!);
        Assert.True((int)workflows["running"]! >= 2);
        Assert.True((int)workflows["faulted"]! >= 1);
        Assert.Equal(10, (int)workflows["staleAfterMinutes"]!);
    }

    [Fact]
    public async Task A_scheduler_in_standby_answers_503_Unhealthy()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });
        var scheduler = await host.App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Standby();

        using var http = host.CreateAnonymousClient();
        using var response = await http.GetAsync(new Uri("health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var health = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Unhealthy", (string?)health["status"]);
        Assert.True((bool)health["scheduler"]!["inStandby"]!);
        Assert.Contains("standby", (string?)health["scheduler"]!["problem"], StringComparison.Ordinal);
        Assert.Equal("Healthy", (string?)health["database"]!["status"]);
    }

    private static WorkflowInstanceRecord Instance(string id, WorkflowStatus status, DateTimeOffset updatedAt) => new()
    {
        Id = $"health-test-{id}",
        DefinitionId = "health-test",
        DefinitionVersionId = "health-test-v1",
        Status = status,
        StateJson = "{}",
        CreatedAt = updatedAt,
        UpdatedAt = updatedAt,
    };
}
