using System.Text.Json;

namespace ProfileEngine.WebexSimulator.ScimApp;

/// <summary>
/// Applies PatchOp operations to a group: <c>displayName</c>, and <c>members</c> (add <c>[{"value":id}]</c>, remove
/// <c>members[value eq "id"]</c> or the listed values, replace the list). Returns <paramref name="group"/> when nothing changed.
/// </summary>
public static class GroupPatch
{
    public static ScimGroup Apply(ScimGroup group, IReadOnlyList<PatchOperation> operations)
    {
        var next = group;
        foreach (var operation in operations)
        {
            if (operation.Path is { } path)
            {
                next = ApplyAt(next, operation.Op, path, operation.Value);
                continue;
            }

            foreach (var member in operation.Value!.Value.EnumerateObject())
            {
                if (!string.Equals(member.Name, "schemas", StringComparison.OrdinalIgnoreCase))
                {
                    next = ApplyAt(next, operation.Op, PatchPath.Parse(member.Name), member.Value);
                }
            }
        }

        return next.DisplayName == group.DisplayName && next.MemberIds.SequenceEqual(group.MemberIds) ? group : next;
    }

    private static ScimGroup ApplyAt(ScimGroup group, string op, PatchPath path, JsonElement? value) => path.Attribute switch
    {
        "displayname" when op != "remove" && value is { ValueKind: JsonValueKind.String } name && name.GetString() is { Length: > 0 } text =>
            group with { DisplayName = text },
        "displayname" => throw ScimException.BadRequest("invalidValue", "displayName must be a non-empty string."),
        "members" => group with
        {
            MemberIds = UserPatch.MultiValued(group.MemberIds, op, path, value, m => m, m => new ScimElement(("value", m)), ReadMember),
        },
        "id" or "meta" => throw ScimException.BadRequest("mutability", $"'{path.Attribute}' is read-only."),
        _ => throw ScimException.BadRequest("invalidPath", $"The group has no attribute '{path.Attribute}' that can be patched."),
    };

    private static string ReadMember(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("value", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()!
            : throw ScimException.BadRequest("invalidValue", "A member is an object with a \"value\" (the user id).");
}
