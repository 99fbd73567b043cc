using ProfileEngine.WebexSimulator.OAuth;

namespace ProfileEngine.Tests.Connections;

/// <summary>Plays the operator in the browser: opens the authorize URL and presses Accept on the simulator's consent page.</summary>
public static class SimulatorConsent
{
    /// <summary>Returns the redirect the consent produced, and the code and state it carries.</summary>
    /// <param name="admin">"0": the primary admin (Full Administrator and Compliance Officer); "1": a Full Administrator only.</param>
    /// <param name="grant">Narrows the scopes the consent grants (the form's scope field), as an admin editing the request would.</param>
    public static Task<(Uri Redirect, string Code, string State)> AcceptAsync(Uri authorizeUrl, string admin = "0", Func<string, string>? grant = null) =>
        ConsentClient.AcceptAsync(authorizeUrl, admin, grant);
}
