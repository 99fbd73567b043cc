using System.Globalization;
using ProfileEngine.WebexSimulator;

// dotnet run --project src/ProfileEngine.WebexSimulator -- --urls http://127.0.0.1:5090 --users 1000 --seed 7
// With --scim first it runs the generic SCIM 2.0 app instead (see README).
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

if (args.Length > 0 && args[0] == "--scim")
{
    await ProfileEngine.WebexSimulator.ScimApp.ScimAppProgram.RunAsync(args[1..], stop.Token);
    return;
}

var options = new SimulatorOptions();
for (var i = 0; i + 1 < args.Length; i += 2)
{
    var value = args[i + 1];
    options = args[i] switch
    {
        "--urls" => options with { Urls = value },
        "--users" => options with { Users = int.Parse(value, CultureInfo.InvariantCulture) },
        "--seed" => options with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
        "--redirect-uri" => options with { RedirectUris = [.. options.RedirectUris, value] },
        _ => throw new ArgumentException($"Unknown option {args[i]}; use --urls, --users, --seed, --redirect-uri."),
    };
}

await using var simulator = await WebexSimulatorServer.StartAsync(options, stop.Token);
var summary = new MemoryStream();
using (var writer = new System.Text.Json.Utf8JsonWriter(summary, new System.Text.Json.JsonWriterOptions { Indented = true }))
{
    simulator.State.WriteSummary(writer);
}

Console.WriteLine($"Webex simulator listening on {simulator.BaseUrl}");
Console.WriteLine($"Org id:        {simulator.Org.OrgId}");
Console.WriteLine($"Client id:     {simulator.Org.ClientId}");
Console.WriteLine($"Client secret: {simulator.Org.ClientSecret}");
Console.WriteLine($"Redirect URIs: {string.Join(", ", simulator.Org.RedirectUris)}");
Console.WriteLine("Org summary:");
Console.WriteLine(System.Text.Encoding.UTF8.GetString(summary.ToArray()));
Console.WriteLine("Press Ctrl+C to stop.");
await simulator.WaitForShutdownAsync(stop.Token);
