using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.OAuth;

namespace ProfileEngine.WebexSimulator.Licenses;

/// <summary>
/// <c>PATCH /v1/licenses/users</c>: add/remove licenses of one person. 200 when every change applied,
/// 206 when some did, 400 (<c>LicenseError</c>) when none did.
/// </summary>
public static class LicenseAssignmentEndpoint
{
    public static void MapLicenseAssignment(this IEndpointRouteBuilder app, SimulatorState state) =>
        app.MapMethods("/v1/licenses/users", [HttpMethods.Patch], context => Patch(context, state));

    public sealed record Request(string? Email, string? PersonId, string? OrgId, IReadOnlyList<LicenseChange>? Licenses);

    public sealed record LicenseChange(string? Id, string? Operation);

    private static async Task Patch(HttpContext context, SimulatorState state)
    {
        if (Access.Deny(context, Scopes.PeopleWrite) is { } denied)
        {
            await denied;
            return;
        }

        var (body, answered) = await Respond.ReadBodyAsync<Request>(context);
        if (answered)
        {
            return;
        }

        if (body is null || (string.IsNullOrEmpty(body.Email) && string.IsNullOrEmpty(body.PersonId)))
        {
            await Respond.Error(context, 400, "email or personId is required.");
            return;
        }

        await Apply(context, state, body);
    }

    private static Task Apply(HttpContext context, SimulatorState state, Request body)
    {
        using var _ = state.Write();
        var org = state.Data;
        if (body.OrgId is { Length: > 0 } orgId && orgId != org.OrgId)
        {
            return Respond.Error(context, 403, "Not authorized to change licenses in that organization.");
        }

        var person = !string.IsNullOrEmpty(body.PersonId)
            ? org.FindPerson(body.PersonId)
            : org.PeopleByEmail.GetValueOrDefault(body.Email!);
        if (person is null)
        {
            return Respond.Error(context, 404, "Person not found.");
        }

        var failures = new List<(int Code, string Description)>();
        var changes = body.Licenses ?? [];
        foreach (var change in changes)
        {
            var license = org.FindLicense(change.Id);
            var operation = change.Operation ?? "add";
            if (license is null)
            {
                failures.Add((400000, "License not recognized"));
            }
            else if (operation is not ("add" or "remove"))
            {
                failures.Add((400, $"Operation '{operation}' is not add or remove."));
            }
            else if (operation == "remove" && license.Implicit)
            {
                failures.Add((700006, $"Screen Share {license.Name} is implicitly assigned and cannot be removed"));
            }
            else
            {
                var bit = 1UL << license.Index;
                person.LicenseBits = operation == "add" ? person.LicenseBits | bit : person.LicenseBits & ~bit;
                person.LastModified = state.Now;
            }
        }

        if (failures.Count > 0 && failures.Count == changes.Count)
        {
            return Respond.Json(context, 400, w => Respond.WriteError(w, "License assignment failed", Respond.TrackingId(context), failures));
        }

        var writer = Respond.StartJson(context, failures.Count > 0 ? StatusCodes.Status206PartialContent : StatusCodes.Status200OK);
        writer.WriteStartObject();
        writer.WriteString("orgId", org.OrgId);
        writer.WriteString("personId", person.Id);
        writer.WriteString("email", person.Email);
        writer.WriteStartArray("licenses");
        foreach (var license in org.Licenses)
        {
            if (person.Holds(license.Index))
            {
                writer.WriteStringValue(license.Id);
            }
        }

        writer.WriteEndArray();
        writer.WriteStartArray("siteUrls");
        foreach (var license in org.Licenses)
        {
            if (license.SiteUrl is not null && person.Holds(license.Index))
            {
                writer.WriteStartObject();
                writer.WriteString("siteUrl", license.SiteUrl);
                // Upper case as the real service answers (wxc_sdk changed its SiteAccountType to HOST/ATTENDEE after testing against it).
                writer.WriteString("accountType", "HOST");
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        return Respond.Finish(context, writer);
    }
}
