namespace ProfileEngine.Host.Logging;

/// <summary>
/// Log levels the engine applies even when appsettings.json says nothing: EF Core logs every SQL command at
/// Information, which on a first start buries the admin password under a thousand lines of CREATE TABLE.
/// </summary>
public static class LoggingDefaults
{
    public const string EntityFrameworkCategory = "Microsoft.EntityFrameworkCore";

    public static ILoggingBuilder AddProfileEngineLoggingDefaults(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        // Inserted first: of equally specific rules the last one wins, so a rule from configuration for the same
        // category (an operator lowering it to Information) still overrides this default.
        logging.Services.Configure<LoggerFilterOptions>(options =>
            options.Rules.Insert(0, new LoggerFilterRule(providerName: null, EntityFrameworkCategory, LogLevel.Warning, filter: null)));
        return logging;
    }
}
