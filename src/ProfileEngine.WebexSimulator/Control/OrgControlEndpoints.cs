using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.Org;
using ProfileEngine.WebexSimulator.People;

namespace ProfileEngine.WebexSimulator.Control;

/// <summary>Control calls that change the org: people, license assignments and activity.</summary>
public static class OrgControlEndpoints
{
    public sealed record AssignmentRequest(string? PersonId, string? LicenseId);

    public sealed record ActivityRequest(string? PersonId, string? Kind, string? At);

    public static void MapOrgControl(this IEndpointRouteBuilder app, SimulatorState state)
    {
        app.MapPost("/_sim/people", context => ControlApi.Run(context, async () =>
        {
            var person = state.AddPerson(await ControlApi.ReadBody<NewPerson>(context));
            await WritePerson(context, state, person);
        }));
        app.MapMethods("/_sim/people/{id}", [HttpMethods.Patch], context => ControlApi.Run(context, async () =>
        {
            var changes = await ControlApi.ReadBody<JsonElement>(context);
            await WritePerson(context, state, state.UpdatePerson(ControlApi.RouteId(context), changes));
        }));
        app.MapPost("/_sim/people/{id}/deactivate", context => ControlApi.Run(context, () =>
            WritePerson(context, state, state.DeactivatePerson(ControlApi.RouteId(context)))));
        app.MapDelete("/_sim/people/{id}", context => ControlApi.Run(context, () =>
        {
            state.RemovePerson(ControlApi.RouteId(context));
            return ControlEndpoints.Ok(context);
        }));
        app.MapPost("/_sim/licenses/assign", context => ControlApi.Run(context, () => Assign(context, state, assign: true)));
        app.MapPost("/_sim/licenses/unassign", context => ControlApi.Run(context, () => Assign(context, state, assign: false)));
        app.MapPost("/_sim/activity", context => ControlApi.Run(context, async () =>
        {
            var body = await ControlApi.ReadBody<ActivityRequest>(context);
            DateTimeOffset? at = null;
            if (body.At is not null)
            {
                at = WebexTime.TryParse(body.At, out var parsed) ? parsed : throw new SimulatorException(400, "at must be an ISO-8601 time.");
            }

            state.AppendActivity(body.PersonId ?? "", body.Kind ?? "", at);
            await ControlEndpoints.Ok(context);
        }));
    }

    private static async Task Assign(HttpContext context, SimulatorState state, bool assign)
    {
        var body = await ControlApi.ReadBody<AssignmentRequest>(context);
        var person = state.AssignLicense(body.PersonId ?? "", body.LicenseId ?? "", assign);
        await WritePerson(context, state, person);
    }

    private static Task WritePerson(HttpContext context, SimulatorState state, Person person)
    {
        using var _ = state.Read();
        return Respond.Json(context, 200, w => PersonJson.Write(w, person, state.Data, state.Now, PersonView.Full));
    }
}
