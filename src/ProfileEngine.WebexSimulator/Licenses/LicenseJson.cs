using System.Text.Json;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.WebexSimulator.Licenses;

public static class LicenseJson
{
    /// <summary>Writes the license's fields (no object braces); free licenses have no subscription and null counters.</summary>
    public static void WriteFields(Utf8JsonWriter writer, License license, int consumedByUsers)
    {
        writer.WriteString("id", license.Id);
        writer.WriteString("name", license.Name);
        writer.WriteNumber("totalUnits", license.Free ? consumedByUsers : license.TotalUnits);
        writer.WriteNumber("consumedUnits", consumedByUsers);
        if (license.Free)
        {
            writer.WriteNull("consumedByUsers");
            writer.WriteNull("consumedByWorkspaces");
        }
        else
        {
            writer.WriteNumber("consumedByUsers", consumedByUsers);
            writer.WriteNumber("consumedByWorkspaces", 0);
            writer.WriteString("subscriptionId", license.SubscriptionId);
        }

        if (license.SiteUrl is not null)
        {
            writer.WriteString("siteUrl", license.SiteUrl);
            writer.WriteString("siteType", license.SiteType);
        }
    }

    /// <summary>How many people in the org hold each license, by catalog index.</summary>
    public static int[] CountAssignments(OrgData org)
    {
        var counts = new int[org.Licenses.Count];
        foreach (var person in org.People)
        {
            var bits = person.LicenseBits;
            for (var i = 0; bits != 0; i++, bits >>= 1)
            {
                counts[i] += (int)(bits & 1);
            }
        }

        return counts;
    }
}
