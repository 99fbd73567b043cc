namespace ProfileEngine.Connectors.Webex.Models;

/// <summary>A 1:1 message for <c>POST /v1/messages</c>: set <see cref="ToPersonEmail"/> or <see cref="ToPersonId"/>.</summary>
public sealed record DirectMessage
{
    public string? ToPersonId { get; init; }
    public string? ToPersonEmail { get; init; }

    /// <summary>Plain-text fallback for clients that cannot render markdown.</summary>
    public string? Text { get; init; }

    public string? Markdown { get; init; }

    public static DirectMessage ToEmail(string email, string markdown) => new() { ToPersonEmail = email, Markdown = markdown };

    public static DirectMessage ToPerson(string personId, string markdown) => new() { ToPersonId = personId, Markdown = markdown };
}

/// <summary>A posted message as Webex returns it.</summary>
public sealed record Message
{
    public required string Id { get; init; }
    public string? RoomId { get; init; }
    public string? RoomType { get; init; }
    public string? ToPersonId { get; init; }
    public string? ToPersonEmail { get; init; }
    public string? Text { get; init; }
    public string? Markdown { get; init; }
    public string? PersonId { get; init; }
    public string? PersonEmail { get; init; }
    public DateTimeOffset? Created { get; init; }
}
