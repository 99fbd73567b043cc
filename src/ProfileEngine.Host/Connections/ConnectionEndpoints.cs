using Mediator;
using ProfileEngine.Connections;
using ProfileEngine.Connectors;
using ProfileEngine.Host.Users;

namespace ProfileEngine.Host.Connections;

/// <summary>
/// Connections over REST: status, details, Connect and the OAuth callback. Answers never carry the client secret
/// or a token.
/// </summary>
public static class ConnectionEndpoints
{
    public static IEndpointRouteBuilder MapConnectionsApi(this IEndpointRouteBuilder app)
    {
        var connections = app.MapGroup("/connections")
            .RequireAuthorization(Policies.Read)
            .WithTags("Connections");

        connections.MapPost("/aliases", async (ChildAliasBody body, ISender sender, CancellationToken cancellationToken) =>
        {
            var alias = await sender.Send(new CreateChildAlias(body.Name, body.ParentAlias, body.UsesAdminAudit, body.UsesScimDirectory), cancellationToken);
            return Results.Created($"/connections/{alias.Name}", alias);
        }).RequireAuthorization(Policies.Admin);

        connections.MapGet("/{alias}", async (string alias, ISender sender, CancellationToken cancellationToken) =>
            Results.Ok(await sender.Send(new GetConnectionStatus(alias), cancellationToken)));

        connections.MapPut("/{alias}", async (string alias, ConnectionDetailsBody body, ISender sender, CancellationToken cancellationToken) =>
            Results.Ok(await sender.Send(new SetConnectionDetails(alias, body.BaseUrl, body.ClientId, body.ClientSecret, body.RedirectUri, body.Method ?? ConnectionMethod.AuthorizationCode, body.TokenUrl), cancellationToken))).RequireAuthorization(Policies.Operator);

        connections.MapPost("/{alias}/connect", async (string alias, ISender sender, CancellationToken cancellationToken) =>
            Results.Ok(await sender.Send(new StartConnect(alias), cancellationToken))).RequireAuthorization(Policies.Operator);

        // Bearer token or client credentials: no browser, the connector checks the credential at once.
        connections.MapPost("/{alias}/sign-in", async (string alias, ISender sender, CancellationToken cancellationToken) =>
            Results.Ok(await sender.Send(new SignInWithCredentials(alias), cancellationToken))).RequireAuthorization(Policies.Operator);

        // The vendor redirects the operator's browser here with code and state (or error when consent was refused).
        // Anonymous: the one-time state Connect issued is what binds the answer to the operator's request.
        connections.MapGet("/oauth/callback", (HttpRequest request, ISender sender, VendorConnectors connectors, CancellationToken cancellationToken) =>
            CompleteAsync(request, null, sender, connectors, cancellationToken)).AllowAnonymous();
        connections.MapGet("/{alias}/oauth/callback", (string alias, HttpRequest request, ISender sender, VendorConnectors connectors, CancellationToken cancellationToken) =>
            CompleteAsync(request, alias, sender, connectors, cancellationToken)).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> CompleteAsync(HttpRequest request, string? alias, ISender sender, VendorConnectors connectors, CancellationToken cancellationToken)
    {
        var query = request.Query;
        if (query.TryGetValue("error", out var error))
        {
            return Results.Problem(
                $"{connectors.Default.Vendor} did not authorize the connection: {error} {query["error_description"]}".Trim(),
                statusCode: StatusCodes.Status400BadRequest,
                title: "Connect was not authorized");
        }

        var status = await sender.Send(new CompleteConnect(query["state"].ToString(), query["code"].ToString(), alias), cancellationToken);
        return Results.Ok(status);
    }

    public sealed record ChildAliasBody(string Name, string ParentAlias, bool UsesAdminAudit = false, bool UsesScimDirectory = false);

    /// <param name="ClientSecret">The OAuth client secret, or the bearer token itself for <see cref="ConnectionMethod.BearerToken"/>.</param>
    public sealed record ConnectionDetailsBody(string BaseUrl, string? ClientId, string? ClientSecret, string? RedirectUri, ConnectionMethod? Method = null, string? TokenUrl = null)
    {
        public override string ToString() =>
            $"ConnectionDetailsBody {{ BaseUrl = {BaseUrl}, Method = {Method}, ClientId = {ClientId}, ClientSecret = {(ClientSecret is null ? "(unchanged)" : "***")}, RedirectUri = {RedirectUri}, TokenUrl = {TokenUrl} }}";
    }
}
