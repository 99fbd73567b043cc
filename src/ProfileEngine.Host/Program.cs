using ProfileEngine.Host;

var builder = WebApplication.CreateBuilder(args);
builder.AddProfileEngine();

var app = builder.Build();
app.MapProfileEngineApi();
app.Run();

/// <summary>Entry point, visible to integration tests.</summary>
public partial class Program;
