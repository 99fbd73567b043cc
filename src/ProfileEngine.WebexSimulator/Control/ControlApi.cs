using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ProfileEngine.WebexSimulator.Json;

namespace ProfileEngine.WebexSimulator.Control;

/// <summary>Shared plumbing of the <c>/_sim</c> control API: loopback guard, body reading, error answers.</summary>
public static class ControlApi
{
    /// <summary>Runs a control call, turning refused operations and bad bodies into the error shape.</summary>
    public static async Task Run(HttpContext context, Func<Task> call)
    {
        if (context.Connection.RemoteIpAddress is { } remote && !System.Net.IPAddress.IsLoopback(remote))
        {
            await Respond.Error(context, 403, "The control API only answers loopback callers.");
            return;
        }

        try
        {
            await call();
        }
        catch (SimulatorException e)
        {
            await Respond.Error(context, e.Status, e.Message);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            await Respond.Error(context, 400, "The request body is not valid: " + e.Message);
        }
    }

    public static async Task<T> ReadBody<T>(HttpContext context)
    {
        var body = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, Respond.ReadOptions, context.RequestAborted);
        return body ?? throw new SimulatorException(400, "A JSON body is required.");
    }

    public static string RouteId(HttpContext context) => context.Request.RouteValues["id"] as string ?? "";
}
