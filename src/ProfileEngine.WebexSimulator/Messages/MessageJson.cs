using System.Text.Json;
using ProfileEngine.WebexSimulator.Json;

namespace ProfileEngine.WebexSimulator.Messages;

public static class MessageJson
{
    public static void Write(Utf8JsonWriter writer, SentMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("id", message.Id);
        writer.WriteString("roomId", message.RoomId);
        writer.WriteString("roomType", "direct");
        if (message.ToPersonId is not null)
        {
            writer.WriteString("toPersonId", message.ToPersonId);
        }

        writer.WriteString("toPersonEmail", message.ToPersonEmail);
        if (message.Text is not null)
        {
            writer.WriteString("text", message.Text);
        }

        if (message.Markdown is not null)
        {
            writer.WriteString("markdown", message.Markdown);
        }

        writer.WriteString("personId", message.PersonId);
        writer.WriteString("personEmail", message.PersonEmail);
        writer.WriteTime("created", message.Created);
        writer.WriteEndObject();
    }
}
