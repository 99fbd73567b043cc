namespace ProfileEngine.Host.Simulator;

/// <summary>The embedded vendor simulator's section of appsettings.json: a local vendor cloud started with the host.</summary>
public sealed class EmbeddedSimulatorOptions
{
    /// <summary>A configuration key: it keeps the name of the one simulator there is, which deployments already set.</summary>
    public const string Section = "ProfileEngine:WebexSimulator";

    public bool Enabled { get; set; }

    /// <summary>Where the simulator listens; loopback only.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5090";

    public int Users { get; set; } = 3000;

    public int Seed { get; set; } = 7;

    /// <summary>
    /// When true (demos and tests), the engine's TimeProvider is the simulator's settable clock: moving simulated time
    /// (<c>PUT /_sim/clock</c>) moves the engine's time too. Off by default: the engine runs on the system clock.
    /// </summary>
    public bool ShareClockWithEngine { get; set; }
}
