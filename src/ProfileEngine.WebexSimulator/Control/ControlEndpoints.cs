using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.Messages;
using ProfileEngine.WebexSimulator.OAuth;

namespace ProfileEngine.WebexSimulator.Control;

/// <summary>Control calls on the org summary, tokens, clock, request counters, message log and reset.</summary>
public static class ControlEndpoints
{
    public sealed record TokenRequest(IReadOnlyList<string>? Scopes, IReadOnlyList<string>? Roles, long? ExpiresInSeconds);

    public sealed record ClockRequest(string? Now, long? AdvanceSeconds);

    public static void MapControl(this IEndpointRouteBuilder app, SimulatorState state)
    {
        app.MapGet("/_sim/org", context => ControlApi.Run(context, () => Respond.Json(context, 200, state.WriteSummary)));
        app.MapPost("/_sim/tokens", context => ControlApi.Run(context, async () =>
        {
            var body = await ControlApi.ReadBody<TokenRequest>(context);
            var token = state.IssueToken(body.Scopes ?? [], body.Roles,
                body.ExpiresInSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
            await Respond.Json(context, 200, w => AccessTokenEndpoint.WriteToken(w, token));
        }));
        app.MapPost("/_sim/tokens/expire", context => ControlApi.Run(context, () =>
        {
            state.ExpireTokens();
            return Ok(context);
        }));
        app.MapGet("/_sim/clock", context => ControlApi.Run(context, () => WriteClock(context, state)));
        app.MapPut("/_sim/clock", context => ControlApi.Run(context, async () =>
        {
            var body = await ControlApi.ReadBody<ClockRequest>(context);
            if (body.Now is not null)
            {
                state.SetClock(WebexTime.TryParse(body.Now, out var now) ? now : throw new SimulatorException(400, "now must be an ISO-8601 time."));
            }
            else if (body.AdvanceSeconds is { } seconds)
            {
                state.AdvanceClock(TimeSpan.FromSeconds(seconds));
            }
            else
            {
                throw new SimulatorException(400, "Give either now or advanceSeconds.");
            }

            await WriteClock(context, state);
        }));
        app.MapGet("/_sim/requests", context => ControlApi.Run(context, () => Respond.Json(context, 200, state.Requests.Write)));
        app.MapDelete("/_sim/requests", context => ControlApi.Run(context, () =>
        {
            state.Requests.Clear();
            return Ok(context);
        }));
        app.MapGet("/_sim/messages", context => ControlApi.Run(context, () => Respond.Json(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("items");
            foreach (var message in state.Messages())
            {
                MessageJson.Write(w, message);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        })));
        app.MapPost("/_sim/reset", context => ControlApi.Run(context, () =>
        {
            state.Reset();
            return Respond.Json(context, 200, state.WriteSummary);
        }));
    }

    public static Task Ok(HttpContext context) => Respond.Json(context, 200, w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("ok", true);
        w.WriteEndObject();
    });

    private static Task WriteClock(HttpContext context, SimulatorState state) => Respond.Json(context, 200, (Utf8JsonWriter w) =>
    {
        w.WriteStartObject();
        w.WriteTime("now", state.Now);
        w.WriteEndObject();
    });
}
