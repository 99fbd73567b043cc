using System.Globalization;

namespace ProfileEngine.WebexSimulator.ScimApp;

/// <summary>The program's <c>--scim</c> mode: <c>--scim --urls http://127.0.0.1:5091 --users 200 --seed 7</c>.</summary>
public static class ScimAppProgram
{
    public static async Task RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var options = new ScimAppOptions();
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            var value = args[i + 1];
            options = args[i] switch
            {
                "--urls" => options with { Urls = value },
                "--users" => options with { Users = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seed" => options with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}; with --scim use --urls, --users, --seed."),
            };
        }

        await using var simulator = await ScimSimulatorServer.StartAsync(options, cancellationToken);
        Console.WriteLine($"SCIM app simulator listening on {simulator.ScimBaseUrl}");
        Console.WriteLine($"Bearer token:  {options.BearerToken}");
        Console.WriteLine($"Token URL:     {simulator.TokenUrl} (client credentials)");
        Console.WriteLine($"Client id:     {options.ClientId}");
        Console.WriteLine($"Client secret: {options.ClientSecret}");
        Console.WriteLine($"Users: {options.Users}; Ctrl+C stops.");
        await simulator.WaitForShutdownAsync(cancellationToken);
    }
}
