using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProfileEngine.WebexSimulator.Faults;

namespace ProfileEngine.WebexSimulator.Control;

/// <summary><c>PUT /_sim/faults</c> (standing faults) and <c>POST /_sim/faults/script</c> (one-shot faults).</summary>
public static class FaultControlEndpoints
{
    public static void MapFaultControl(this IEndpointRouteBuilder app, SimulatorState state)
    {
        app.MapPut("/_sim/faults", context => ControlApi.Run(context, async () =>
        {
            var settings = await ControlApi.ReadBody<FaultSettings>(context);
            if (settings.ErrorShare is < 0 or > 1 || settings.DropShare is < 0 or > 1 || settings.LatencyMs < 0)
            {
                throw new SimulatorException(400, "errorShare and dropShare must be between 0 and 1, latencyMs not negative.");
            }

            state.Faults.Set(settings);
            await ControlEndpoints.Ok(context);
        }));
        app.MapPost("/_sim/faults/script", context => ControlApi.Run(context, async () =>
        {
            var faults = await ControlApi.ReadBody<List<ScriptedFault>>(context);
            foreach (var fault in faults)
            {
                if (!ScriptedFault.Kinds.Contains(fault.Kind))
                {
                    throw new SimulatorException(400, $"kind must be one of {string.Join(", ", ScriptedFault.Kinds)}, not '{fault.Kind}'.");
                }
            }

            state.Faults.AddScript(faults);
            await ControlEndpoints.Ok(context);
        }));
    }
}
