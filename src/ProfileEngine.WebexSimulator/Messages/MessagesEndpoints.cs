using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.OAuth;

namespace ProfileEngine.WebexSimulator.Messages;

/// <summary><c>POST /v1/messages</c>: a direct message to a person (by email or id), kept in the message log.</summary>
public static class MessagesEndpoints
{
    private const int MessageIdKind = 8;
    private const int RoomIdKind = 9;

    public sealed record MessageRequest(string? RoomId, string? ToPersonId, string? ToPersonEmail, string? Text, string? Markdown);

    public static void MapMessages(this IEndpointRouteBuilder app, SimulatorState state) =>
        app.MapPost("/v1/messages", context => Access.Deny(context, Scopes.MessagesWrite) ?? Send(context, state));

    private static async Task Send(HttpContext context, SimulatorState state)
    {
        var (body, answered) = await Respond.ReadBodyAsync<MessageRequest>(context);
        if (answered)
        {
            return;
        }

        if (body is null || (string.IsNullOrEmpty(body.ToPersonId) && string.IsNullOrEmpty(body.ToPersonEmail)))
        {
            var reason = body?.RoomId is not null
                ? "The simulator only sends direct messages: give toPersonEmail or toPersonId."
                : "toPersonEmail or toPersonId is required.";
            await Respond.Error(context, 400, reason);
            return;
        }

        if (string.IsNullOrEmpty(body.Text) && string.IsNullOrEmpty(body.Markdown))
        {
            await Respond.Error(context, 400, "text or markdown is required.");
            return;
        }

        var message = Compose(context, state, body);
        if (message is null)
        {
            await Respond.Error(context, 404, "Person not found.");
            return;
        }

        state.RecordMessage(message);
        await Respond.Json(context, 200, w => MessageJson.Write(w, message));
    }

    /// <summary>The message to log, or null when toPersonId is not a person of the org.</summary>
    private static SentMessage? Compose(HttpContext context, SimulatorState state, MessageRequest body)
    {
        using var readLock = state.Read();
        var org = state.Data;
        string? toPersonId = null;
        var toEmail = body.ToPersonEmail ?? "";
        if (!string.IsNullOrEmpty(body.ToPersonId))
        {
            if (org.FindPerson(body.ToPersonId) is not { } recipient)
            {
                return null;
            }

            toPersonId = recipient.Id;
            toEmail = recipient.Email;
        }

        var sender = org.AllPeople[Access.GrantOf(context).Person];
        var number = state.Messages().Count + 1;
        return new SentMessage(
            WebexId.Encode("MESSAGE", WebexId.DerivedUuid(org.Seed, MessageIdKind, number)),
            WebexId.Encode("ROOM", WebexId.DerivedUuid(org.Seed, RoomIdKind, number)),
            toPersonId, toEmail, body.Text, body.Markdown, sender.Id, sender.Email, state.Now);
    }
}
