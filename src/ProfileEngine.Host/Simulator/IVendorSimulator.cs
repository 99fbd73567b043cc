namespace ProfileEngine.Host.Simulator;

/// <summary>
/// A vendor's cloud, simulated on loopback: what the embedded simulator (<see cref="EmbeddedSimulator"/>) and the
/// <c>demo</c> verb start, so the engine has an account to work with on a machine with no internet. The composition
/// root (<see cref="HostingExtensions"/>) registers one.
/// </summary>
public interface IVendorSimulator
{
    Task<IRunningVendorSimulator> StartAsync(VendorSimulatorSettings settings, CancellationToken cancellationToken);
}

/// <param name="Users">People in the simulated account.</param>
/// <param name="Seed">Makes the generated people, licenses and activity the same on every start.</param>
/// <param name="RedirectUris">The engine's OAuth callbacks, registered for the simulated OAuth client.</param>
/// <param name="Urls">Where it listens (loopback); null for any free port.</param>
/// <param name="Clock">The engine's clock when the two share one; null for the simulator's own.</param>
public sealed record VendorSimulatorSettings(int Users, int Seed, IReadOnlyList<string> RedirectUris, string? Urls = null, TimeProvider? Clock = null);

/// <summary>A started simulator: its address, the account it simulates and the OAuth client registered there.</summary>
public interface IRunningVendorSimulator : IAsyncDisposable
{
    string BaseUrl { get; }

    /// <summary>The simulated account (tenant, org) id.</summary>
    string AccountId { get; }

    string ClientId { get; }

    string ClientSecret { get; }

    /// <summary>A line for the log: what runs there and where to read its secrets.</summary>
    string Description { get; }

    /// <summary>Gives the consent an admin gives on the simulator's sign-in page; returns the code and state the redirect carries.</summary>
    Task<(string Code, string State)> ConsentAsync(Uri authorizeUrl, CancellationToken cancellationToken);
}
