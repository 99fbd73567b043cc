using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Workflows.Persistence;

namespace ProfileEngine.Tests.Workflows;

/// <summary>The ids of instances and their rows: UUID version 7 carrying the clock's time, unique, in time order.</summary>
public sealed class InstanceIdTests
{
    [Fact]
    public async Task Instance_bookmark_and_execution_ids_are_version_7_uuids_of_the_clocks_time_and_all_differ()
    {
        await using var harness = await WorkflowHarness.StartAsync();
        await harness.ImportAsync(RunConnectionTests.WaitForApproval);
        var runs = new List<string>();
        for (var i = 0; i < 150; i++) // more ids than one fetch of random bytes gives
        {
            runs.Add((await harness.Runtime.StartAsync("wait-for-approval", correlationId: $"c{i}")).InstanceId);
            harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        var bookmarks = await harness.QueryAsync(db => db.Set<WorkflowBookmarkRecord>().Select(b => b.Id).ToListAsync());
        var executions = await harness.QueryAsync(db => db.Set<ActivityExecutionRecord>().Select(e => e.Id).ToListAsync());
        string[] all = [.. runs, .. bookmarks, .. executions];

        Assert.Equal(all.Length, all.Distinct(StringComparer.Ordinal).Count());
        Assert.All(all, id =>
        {
            Assert.Matches("^[0-9a-f]{32}$", id);
            var uuid = Guid.ParseExact(id, "N");
            Assert.Equal(7, uuid.Version);
            Assert.Equal(0b10, uuid.Variant >> 2);
        });
        var first = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(runs[0][..12], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        Assert.Equal(WorkflowHarness.Epoch, first);
        Assert.Equal(runs, runs.Order(StringComparer.Ordinal));
    }
}
