using ProfileEngine.Host;
using ProfileEngine.Host.CommandLine;

if (EngineCommandLine.IsVerb(args))
{
    return await EngineCommandLine.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddProfileEngine();

var app = builder.Build();
app.MapProfileEngineApi();
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to integration tests.</summary>
public partial class Program;
