using Mediator;
using ProfileEngine.Users;

namespace ProfileEngine.Host.Users;

/// <summary>
/// Users and their roles (admins only) and each person's own API tokens. A new token is in the 201 answer once; lists carry
/// names, prefixes and dates only.
/// </summary>
public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/users").RequireAuthorization(Policies.Admin).WithTags("Users");
        users.MapGet("/", async (ISender sender, CancellationToken cancellationToken) => Results.Ok(await sender.Send(new ListUsers(), cancellationToken)));
        users.MapPost("/", async (NewUserBody body, ISender sender, CancellationToken cancellationToken) =>
        {
            var created = await sender.Send(new CreateUser(body.UserName, body.Password, body.Roles ?? []), cancellationToken);
            return Results.Created($"/users/{created.UserName}", created);
        });
        users.MapPut("/{userName}/roles", async (string userName, RolesBody body, ISender sender, CancellationToken cancellationToken) =>
            Results.Ok(await sender.Send(new SetUserRoles(userName, body.Roles ?? []), cancellationToken)));

        var me = app.MapGroup("/me").RequireAuthorization(Policies.Read).WithTags("Users");
        me.MapGet("/", (HttpContext context) => Results.Ok(new SignedInUser(
            context.User.Identity!.Name!, [.. EngineRoles.All.Where(context.User.IsInRole)])));
        me.MapGet("/tokens", async (HttpContext context, ISender sender, CancellationToken cancellationToken) =>
            Results.Ok(await sender.Send(new ListApiTokens(context.User.Identity!.Name!), cancellationToken)));
        me.MapPost("/tokens", async (NewTokenBody body, HttpContext context, ISender sender, CancellationToken cancellationToken) =>
        {
            var created = await sender.Send(new CreateApiToken(context.User.Identity!.Name!, body.Name, body.ExpiresInDays), cancellationToken);
            return Results.Created($"/me/tokens/{created.Token.Id}", created);
        });
        me.MapDelete("/tokens/{id:guid}", async (Guid id, HttpContext context, ISender sender, CancellationToken cancellationToken) =>
            Results.Ok(await sender.Send(new RevokeApiToken(context.User.Identity!.Name!, id), cancellationToken)));
        return app;
    }

    public sealed record NewUserBody(string UserName, string? Password, IReadOnlyList<string>? Roles)
    {
        public override string ToString() => $"NewUserBody {{ UserName = {UserName}, Password = {(Password is null ? "(generated)" : "***")} }}";
    }

    public sealed record RolesBody(IReadOnlyList<string>? Roles);

    public sealed record NewTokenBody(string Name, int? ExpiresInDays);

    public sealed record SignedInUser(string UserName, IReadOnlyList<string> Roles);
}
