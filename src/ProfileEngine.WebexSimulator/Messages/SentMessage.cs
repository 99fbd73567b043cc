namespace ProfileEngine.WebexSimulator.Messages;

/// <summary>A direct message accepted by <c>POST /v1/messages</c>, kept in the message log.</summary>
public sealed record SentMessage(
    string Id,
    string RoomId,
    string? ToPersonId,
    string ToPersonEmail,
    string? Text,
    string? Markdown,
    string PersonId,
    string PersonEmail,
    DateTimeOffset Created);
