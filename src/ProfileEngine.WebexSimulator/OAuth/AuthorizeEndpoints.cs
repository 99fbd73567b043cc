using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace ProfileEngine.WebexSimulator.OAuth;

/// <summary>
/// <c>/v1/authorize</c>: GET shows a consent page for a registered client and redirect URI; its Accept
/// button POSTs back, which issues a single-use code and redirects (302) to <c>redirect_uri?code=…&amp;state=…</c>.
/// </summary>
public static class AuthorizeEndpoints
{
    public static void MapAuthorize(this IEndpointRouteBuilder app, SimulatorState state)
    {
        app.MapGet("/v1/authorize", context => ShowConsent(context, state));
        app.MapPost("/v1/authorize", context => Accept(context, state));
    }

    private sealed record AuthorizeRequest(string ClientId, string RedirectUri, string ResponseType, string Scope, string State);

    private static Task ShowConsent(HttpContext context, SimulatorState state)
    {
        var query = context.Request.Query;
        var request = new AuthorizeRequest(query["client_id"].ToString(), query["redirect_uri"].ToString(),
            query["response_type"].ToString(), query["scope"].ToString(), query["state"].ToString());
        if (Refusal(request, state) is { } reason)
        {
            return Page(context, 400, "Authorization refused", $"<p>{Html(reason)}</p>");
        }

        var admins = new StringBuilder();
        using (state.Read())
        {
            foreach (var ordinal in new[] { state.Data.PrimaryAdmin, state.Data.SecondAdmin })
            {
                var person = state.Data.AllPeople[ordinal];
                var roles = string.Join(", ", person.RoleIndexes.Select(i => state.Data.Roles[i].Name));
                admins.Append($"<option value=\"{ordinal}\">{Html(person.DisplayName)} &lt;{Html(person.Email)}&gt; ({Html(roles)})</option>");
            }
        }

        var scopes = string.Concat(request.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => $"<li><code>{Html(s)}</code></li>"));
        var body = $"""
            <p>The integration <code>{Html(request.ClientId)}</code> asks for these scopes:</p>
            <ul>{scopes}</ul>
            <form method="post" action="/v1/authorize">
              <input type="hidden" name="client_id" value="{Html(request.ClientId)}">
              <input type="hidden" name="redirect_uri" value="{Html(request.RedirectUri)}">
              <input type="hidden" name="response_type" value="{Html(request.ResponseType)}">
              <input type="hidden" name="scope" value="{Html(request.Scope)}">
              <input type="hidden" name="state" value="{Html(request.State)}">
              <label>Sign in as <select name="admin">{admins}</select></label>
              <button type="submit" name="decision" value="accept">Accept</button>
            </form>
            """;
        return Page(context, 200, "Webex simulator: authorize access", body);
    }

    private static async Task Accept(HttpContext context, SimulatorState state)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var request = new AuthorizeRequest(form["client_id"].ToString(), form["redirect_uri"].ToString(),
            form["response_type"].ToString(), form["scope"].ToString(), form["state"].ToString());
        if (Refusal(request, state) is { } reason)
        {
            await Page(context, 400, "Authorization refused", $"<p>{Html(reason)}</p>");
            return;
        }

        var admin = form["admin"].ToString() == "1" ? 1 : 0;
        var grant = state.GrantFor(admin, request.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var code = state.Tokens.NewCode(grant, request.ClientId, request.RedirectUri);
        var target = QueryHelpers.AddQueryString(request.RedirectUri, "code", code);
        if (request.State.Length > 0)
        {
            target = QueryHelpers.AddQueryString(target, "state", request.State);
        }

        context.Response.Redirect(target);
    }

    private static string? Refusal(AuthorizeRequest request, SimulatorState state) =>
        request.ClientId != state.Info.ClientId ? $"Unknown client_id '{request.ClientId}'."
        : !state.Info.RedirectUris.Contains(request.RedirectUri, StringComparer.Ordinal) ? $"redirect_uri '{request.RedirectUri}' is not registered for this client."
        : request.ResponseType != "code" ? "response_type must be 'code'."
        : string.IsNullOrWhiteSpace(request.Scope) ? "scope is required."
        : null;

    private static Task Page(HttpContext context, int status, string title, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(
            $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{Html(title)}</title></head><body><h1>{Html(title)}</h1>{body}</body></html>");
    }

    private static string Html(string text) => HtmlEncoder.Default.Encode(text);
}
