using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.WebexSimulator.AdminAudit;
using ProfileEngine.WebexSimulator.Control;
using ProfileEngine.WebexSimulator.Events;
using ProfileEngine.WebexSimulator.Faults;
using ProfileEngine.WebexSimulator.Licenses;
using ProfileEngine.WebexSimulator.Meetings;
using ProfileEngine.WebexSimulator.Messages;
using ProfileEngine.WebexSimulator.OAuth;
using ProfileEngine.WebexSimulator.Organizations;
using ProfileEngine.WebexSimulator.People;
using ProfileEngine.WebexSimulator.Roles;
using ProfileEngine.WebexSimulator.Routing;
using ProfileEngine.WebexSimulator.Scim;

namespace ProfileEngine.WebexSimulator;

/// <summary>The simulator running on Kestrel. Start with <see cref="StartAsync"/>; dispose to stop.</summary>
public sealed class WebexSimulatorServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private WebexSimulatorServer(WebApplication app, SimulatorState state, string baseUrl)
    {
        this.app = app;
        State = state;
        BaseUrl = baseUrl;
    }

    /// <summary>Root URL with a trailing slash, e.g. <c>http://127.0.0.1:5090/</c>; REST under <c>v1/</c>.</summary>
    public string BaseUrl { get; }

    public SimulatorOrgInfo Org => State.Info;

    public SimulatorState State { get; }

    public IssuedToken IssueToken(IEnumerable<string> scopes, IEnumerable<string>? roles = null, TimeSpan? lifetime = null) =>
        State.IssueToken(scopes, roles, lifetime);

    public static async Task<WebexSimulatorServer> StartAsync(SimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var state = new SimulatorState(options);
        var builder = SimulatorHosting.CreateBuilder(options.Urls);
        builder.Services.AddSingleton(state);
        var app = builder.Build();
        try
        {
            app.UseMiddleware<FaultMiddleware>();
            app.UseMiddleware<BearerTokenMiddleware>();
            app.UseMiddleware<UnmappedRequestMiddleware>();
            app.MapAuthorize(state);
            app.MapAccessToken(state);
            app.MapPeople(state);
            app.MapLicenses(state);
            app.MapLicenseAssignment(state);
            app.MapRoles(state);
            app.MapOrganizations(state);
            app.MapEvents(state);
            app.MapAdminAudit(state);
            app.MapMeetings(state);
            app.MapMeetingParticipants(state);
            app.MapMeetingUsage(state);
            app.MapMessages(state);
            app.MapScimUsers(state);
            app.MapControl(state);
            app.MapFaultControl(state);
            app.MapOrgControl(state);
            app.MapReportControl(state);
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            state.Dispose();
            throw;
        }

        return new WebexSimulatorServer(app, state, SimulatorHosting.ClientAddress(app));
    }

    /// <summary>Completes when the server stops (the program waits on it).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        State.Dispose();
    }
}
