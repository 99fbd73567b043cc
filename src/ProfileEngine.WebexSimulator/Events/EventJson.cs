using System.Globalization;
using System.Text.Json;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.WebexSimulator.Events;

/// <summary>Renders a compact <see cref="ComplianceEvent"/> as a Webex compliance Event with its <c>data</c> snapshot.</summary>
public static class EventJson
{
    public const int EventIdKind = 1;
    private const int MessageIdKind = 2;
    private const int RoomIdKind = 3;
    private const int MembershipIdKind = 6;
    private const int CallIdKind = 7;

    public static string ResourceName(EventResource resource) => resource switch
    {
        EventResource.Files => "files",
        EventResource.Memberships => "memberships",
        EventResource.CallRecords => "call_records",
        _ => "messages",
    };

    public static bool TryParseResource(string name, out EventResource resource)
    {
        resource = name switch
        {
            "messages" => EventResource.Messages,
            "files" => EventResource.Files,
            "memberships" => EventResource.Memberships,
            "call_records" => EventResource.CallRecords,
            _ => (EventResource)byte.MaxValue,
        };
        return resource != (EventResource)byte.MaxValue;
    }

    public static void Write(Utf8JsonWriter writer, in ComplianceEvent item, OrgData org)
    {
        var actor = org.AllPeople[item.Actor];
        writer.WriteStartObject();
        writer.WriteId("id", "EVENT", WebexId.DerivedUuid(org.Seed, EventIdKind, item.Sequence));
        writer.WriteString("resource", ResourceName(item.Resource));
        writer.WriteString("type", "created");
        writer.WriteString("actorId", actor.Id);
        writer.WriteString("orgId", org.OrgId);
        writer.WriteTime("created", item.Ticks);
        writer.WriteStartObject("data");
        if (item.Resource == EventResource.CallRecords)
        {
            WriteCallRecord(writer, item, actor);
        }
        else
        {
            var idKind = item.Resource == EventResource.Memberships ? MembershipIdKind : MessageIdKind;
            writer.WriteId("id", item.Resource == EventResource.Memberships ? "MEMBERSHIP" : "MESSAGE", WebexId.DerivedUuid(org.Seed, idKind, item.Sequence));
            writer.WriteId("roomId", "ROOM", WebexId.DerivedUuid(org.Seed, RoomIdKind, item.Related));
            writer.WriteString("roomType", "group");
            writer.WriteString("orgId", org.OrgId);
            writer.WriteString("personId", actor.Id);
            writer.WriteString("personEmail", actor.Email);
            if (item.Resource == EventResource.Messages)
            {
                writer.WriteString("text", "Update on topic " + item.Related.ToString(CultureInfo.InvariantCulture));
            }

            writer.WriteTime("created", item.Ticks);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteCallRecord(Utf8JsonWriter writer, in ComplianceEvent item, Person actor)
    {
        var duration = 30 + (item.Related % 1800);
        writer.WriteString("corelationId", WebexId.DerivedUuid(0, CallIdKind, item.Sequence).ToString());
        writer.WriteString("callType", "SIP_ENTERPRISE");
        writer.WriteString("userId", actor.Id);
        writer.WriteString("userType", "User");
        writer.WriteString("callDirection", item.Related % 2 == 0 ? "ORIGINATING" : "TERMINATING");
        writer.WriteString("isCallAnswered", "true");
        writer.WriteString("callDurationSeconds", duration.ToString(CultureInfo.InvariantCulture));
        writer.WriteTime("callStartTime", item.Ticks);
        writer.WriteTime("callAnswerTime", item.Ticks + TimeSpan.TicksPerSecond * 5);
        writer.WriteTime("created", item.Ticks);
    }
}
