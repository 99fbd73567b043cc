using Mediator;
using ProfileEngine.Messaging;
using ProfileEngine.Users;

namespace ProfileEngine.Host.Users;

/// <summary>
/// On the first start (no users yet) creates <c>admin</c> with a generated password and prints it once on the
/// console, never to the log. Set <c>Users:BootstrapAdmin</c> to false (or create a user with the CLI first) to skip.
/// </summary>
public sealed class BootstrapAdminOnFirstRun(IServiceScopeFactory scopes, IConfiguration configuration, BootstrapConsole console) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("Users:BootstrapAdmin", true))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentOperator>().Name = CurrentOperator.System;
        var created = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new BootstrapAdmin(), cancellationToken);
        if (created?.GeneratedPassword is { } password)
        {
            await console.Out.WriteLineAsync(
                $"""

                 First run: the engine created the user '{created.UserName}' with every role. Its password, shown only this once:

                     {password}

                 Sign in at /ui/sign-in, then add people (Users page or `dotnet run --project src/ProfileEngine.Host -- users create`).

                """);
            await console.Out.FlushAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Where the one-time bootstrap password goes: the process's console (tests put a writer of their own here).</summary>
public sealed class BootstrapConsole
{
    public TextWriter Out { get; init; } = Console.Out;
}
