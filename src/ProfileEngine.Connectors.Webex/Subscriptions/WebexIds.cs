using System.Globalization;
using System.Text;

namespace ProfileEngine.Connectors.Webex.Subscriptions;

/// <summary>Webex REST ids of people and orgs (base64 of <c>ciscospark://&lt;region&gt;/&lt;TYPE&gt;/&lt;uuid&gt;</c>).</summary>
internal static class WebexIds
{
    /// <summary>Reads an org id into its prefix (<c>ciscospark://us/</c>) and identity UUID (what SCIM paths take).</summary>
    public static bool TryOrg(string orgId, out string prefix, out string uuid)
    {
        prefix = uuid = "";
        var padded = (orgId.Length % 4) switch { 2 => orgId + "==", 3 => orgId + "=", _ => orgId };
        var bytes = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, bytes, out var length))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes, 0, length);
        var marker = text.IndexOf("/ORGANIZATION/", StringComparison.Ordinal);
        if (!text.StartsWith("ciscospark://", StringComparison.Ordinal) || marker < 0)
        {
            return false;
        }

        prefix = text[..(marker + 1)];
        uuid = text[(marker + "/ORGANIZATION/".Length)..];
        return uuid.Length > 0;
    }

    /// <summary>The People id of a SCIM user id (the UUID inside the People id).</summary>
    public static string Person(string prefix, string scimId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(prefix + "PEOPLE/" + scimId)).TrimEnd('=');

    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
