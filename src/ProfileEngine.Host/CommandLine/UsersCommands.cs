using System.CommandLine;
using ProfileEngine.Users;

namespace ProfileEngine.Host.CommandLine;

/// <summary><c>users create &lt;name&gt; --role sam_admin [--password-stdin]</c>: a password is never a command-line argument.</summary>
public static class UsersCommands
{
    public static Command Create(VerbRunner verb)
    {
        ArgumentNullException.ThrowIfNull(verb);
        var name = new Argument<string>("name") { Description = "the user name to sign in with" };
        var roles = new Option<string[]>("--role") { Description = $"a role ({string.Join(", ", EngineRoles.All)}); repeat for several", AllowMultipleArgumentsPerToken = true };
        var passwordFromStdin = new Option<bool>("--password-stdin") { Description = "read the password from the first line of standard input instead of generating one" };
        var create = new Command("create", "adds a user; prints a generated password once") { name, roles, passwordFromStdin };
        verb.Handle(create, async (engine, parse, cancellationToken) =>
        {
            var password = parse.GetValue(passwordFromStdin) ? Console.In.ReadLine() ?? "" : null;
            var created = await engine.SendAsync(new CreateUser(parse.GetValue(name)!, password, parse.GetValue(roles) ?? []), cancellationToken);
            await engine.Output.WriteLineAsync($"Created {created.UserName} ({string.Join(", ", created.Roles)}).");
            if (created.GeneratedPassword is { } generated)
            {
                await engine.Output.WriteLineAsync($"Password, shown only this once: {generated}");
            }

            return 0;
        });
        return new Command("users", "people who sign in") { create };
    }
}
