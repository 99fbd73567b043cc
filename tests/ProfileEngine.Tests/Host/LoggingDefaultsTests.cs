using ProfileEngine.Tests.Support;

namespace ProfileEngine.Tests.Host;

/// <summary>EF Core's SQL stays out of the log at Information, whether or not appsettings.json mentions it.</summary>
public sealed class LoggingDefaultsTests
{
    private const string EfCommand = "Microsoft.EntityFrameworkCore.Database.Command";

    [Theory]
    [InlineData(null)]
    // An empty value removes appsettings.json's line for the category, so only the engine's own default holds.
    [InlineData("")]
    public async Task A_first_start_logs_no_SQL_commands_at_Information_but_the_engines_own_lines(string? efLevelInConfiguration)
    {
        var overrides = new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Urls"] = "http://127.0.0.1:0", ["ProfileEngine:WebexSimulator:Users"] = "10" };
        if (efLevelInConfiguration is not null)
        {
            overrides["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = efLevelInConfiguration;
        }

        await using var host = await TestHost.StartAsync(overrides);

        var lines = host.Logs.Lines.ToList();
        Assert.DoesNotContain(lines, line => line.StartsWith($"Information {EfCommand}:", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.StartsWith("Debug Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("Information ProfileEngine.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_operator_can_still_lower_the_SQL_log_level_in_configuration()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ProfileEngine:WebexSimulator:Enabled"] = "false",
            [$"Logging:LogLevel:{EfCommand}"] = "Information",
        });

        Assert.Contains(host.Logs.Lines, line => line.StartsWith($"Information {EfCommand}:", StringComparison.Ordinal) && line.Contains("CREATE TABLE", StringComparison.Ordinal));
    }
}
