using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Headers;
using Mediator;
using Microsoft.Extensions.Logging;
using ProfileEngine.Host;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Users;
using ProfileEngine.Workflows.Runtime;

namespace ProfileEngine.Tests.Support;

/// <summary>
/// The host as Program.cs composes it, on real Kestrel over loopback with the repository's appsettings.json, on a
/// data folder of its own. Disposing stops it as a real shutdown does (hosted services first, so Quartz stops
/// firing), then removes the folder. <see cref="CreateClient"/> calls the API as a user holding every role, with a
/// personal API token; <see cref="TokenForAsync"/> makes users with fewer roles. No bootstrap admin is created unless
/// the test sets <c>Users:BootstrapAdmin</c>.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private TestHost(WebApplication app, TempDataFolder data, CapturingLoggerProvider logs)
    {
        App = app;
        Data = data;
        Logs = logs;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
    }

    public WebApplication App { get; }

    public TempDataFolder Data { get; }

    public CapturingLoggerProvider Logs { get; }

    public Uri Address { get; }

    public static async Task<TestHost> StartAsync(IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        var data = new TempDataFolder();
        var logs = new CapturingLoggerProvider();
        var settings = new Dictionary<string, string?>(overrides ?? new Dictionary<string, string?>());
        settings.TryAdd("Urls", "http://127.0.0.1:0");
        settings.TryAdd(DataFolder.ConfigurationKey, data.Path);
        foreach (var (key, value) in data.DatabaseSettings())
        {
            settings.TryAdd(key, value);
        }

        settings.TryAdd("Users:BootstrapAdmin", "false");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = RepositoryPaths.RepositoryRoot });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        builder.AddProfileEngine();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapProfileEngineApi();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            data.Dispose();
            throw;
        }

        var host = new TestHost(app, data, logs);
        host.AllRolesToken = await host.TokenForAsync([.. EngineRoles.All]);
        return host;
    }

    /// <summary>A token of a user holding every role.</summary>
    public string AllRolesToken { get; private set; } = "";

    /// <summary>Creates a user with exactly <paramref name="roles"/> and returns a fresh API token of theirs.</summary>
    public async Task<string> TokenForAsync(IReadOnlyList<string> roles, string? userName = null)
    {
        var user = await CreateUserAsync(userName ?? $"user-{Guid.NewGuid():N}", null, roles);
        return (await SendAsSystemAsync(new CreateApiToken(user.UserName, "tests"))).Secret;
    }

    public Task<CreatedUser> CreateUserAsync(string userName, string? password, IReadOnlyList<string> roles) =>
        SendAsSystemAsync(new CreateUser(userName, password, roles));

    private async Task<T> SendAsSystemAsync<T>(ICommand<T> command)
    {
        await using var scope = App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentOperator>().Name = CurrentOperator.System;
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command);
    }

    /// <summary>A client of the API as a user with every role (or the holder of <paramref name="token"/>).</summary>
    public HttpClient CreateClient(string? token = null)
    {
        var client = CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? AllRolesToken);
        return client;
    }

    public HttpClient CreateAnonymousClient() => new() { BaseAddress = Address };

    /// <summary>Waits until the workflow runs that requests handed to this host's dispatcher have ended.</summary>
    public Task WaitForBackgroundRunsAsync() =>
        App.Services.GetRequiredService<IWorkflowRuntime>().WaitForBackgroundRunsAsync().WaitAsync(TimeSpan.FromMinutes(1));

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Data.Dispose();
    }
}
