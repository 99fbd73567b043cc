using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.OAuth;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.WebexSimulator.People;

/// <summary><c>/v1/people</c>: admin listing (Link-paged), create, get, full-replace PUT and DELETE.</summary>
public static class PeopleEndpoints
{
    public const int MaxIdsPerLookup = 85;
    public const int AdminListingLimit = 1000;
    public const int CallingDataLimit = 100;
    private const int DefaultMax = 100;
    private const string CursorParameter = "cursor";

    public static void MapPeople(this IEndpointRouteBuilder app, SimulatorState state)
    {
        app.MapGet("/v1/people", context => List(context, state));
        app.MapPost("/v1/people", context => Create(context, state));
        app.MapGet("/v1/people/{personId}", context => Get(context, state));
        app.MapPut("/v1/people/{personId}", context => Replace(context, state));
        app.MapDelete("/v1/people/{personId}", context => Delete(context, state));
    }

    private static Task List(HttpContext context, SimulatorState state)
    {
        if (Access.Deny(context, Scopes.PeopleRead) is { } denied)
        {
            return denied;
        }

        var query = context.Request.Query;
        if (!Paging.TryQueryInt(context, "max", out var max))
        {
            return Respond.Error(context, 400, "max must be a number.");
        }

        var callingData = string.Equals(query["callingData"], "true", StringComparison.OrdinalIgnoreCase);
        var pageSize = Paging.PageSize(max, DefaultMax, callingData ? CallingDataLimit : AdminListingLimit);
        var ids = query["id"].ToString();
        if (ids.Length > 0)
        {
            var list = ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return list.Length > MaxIdsPerLookup
                ? Respond.Error(context, 400, $"The id parameter accepts at most {MaxIdsPerLookup} ids.")
                : Lookup(context, state, list);
        }

        var cursorText = query[CursorParameter].ToString();
        var after = -1;
        if (cursorText.Length > 0)
        {
            if (!Paging.TryDecodeCursor(cursorText, out _, out after))
            {
                return Respond.Error(context, 400, "The cursor is not valid.");
            }
        }

        var orgId = query["orgId"].ToString();
        var email = query["email"].ToString();
        var displayName = query["displayName"].ToString();
        var roleIds = query["roles"].ToString();
        using var readLock = state.Read();
        var org = state.Data;
        if (orgId.Length > 0 && orgId != org.OrgId)
        {
            return Respond.Error(context, 403, "Not authorized to list people of that organization.");
        }

        var roleFilter = roleIds.Length == 0 ? null : roleIds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var now = state.Now;
        var people = org.People;
        var page = new List<Person>(Math.Min(pageSize, 1024));
        var index = org.IndexAfter(after);
        var more = false;
        if (email.Length > 0)
        {
            // Email is unique: the answer is one person or none, never paged.
            if (org.PeopleByEmail.TryGetValue(email, out var match) && match.Ordinal > after && Matches(match, org, displayName, roleFilter))
            {
                page.Add(match);
            }
        }
        else
        {
            for (; index < people.Count; index++)
            {
                var person = people[index];
                if (!Matches(person, org, displayName, roleFilter))
                {
                    continue;
                }

                if (page.Count == pageSize)
                {
                    more = true;
                    break;
                }

                page.Add(person);
            }
        }

        if (more)
        {
            Paging.SetNextLink(context, CursorParameter, Paging.EncodeCursor(0, page[^1].Ordinal));
        }

        var writer = Respond.StartJson(context);
        writer.WriteStartObject();
        writer.WriteStartArray("items");
        foreach (var person in page)
        {
            PersonJson.Write(writer, person, org, now, PersonView.Full);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        return Respond.Finish(context, writer);
    }

    private static bool Matches(Person person, OrgData org, string displayName, string[]? roleFilter)
    {
        if (displayName.Length > 0 && !person.DisplayName.StartsWith(displayName, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (roleFilter is null)
        {
            return true;
        }

        foreach (var role in person.RoleIndexes)
        {
            if (Array.IndexOf(roleFilter, org.Roles[role].Id) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static Task Lookup(HttpContext context, SimulatorState state, string[] ids)
    {
        using var _ = state.Read();
        var org = state.Data;
        var writer = Respond.StartJson(context);
        writer.WriteStartObject();
        writer.WriteStartArray("items");
        var notFound = new List<string>();
        foreach (var id in ids)
        {
            if (org.FindPerson(id) is { } person)
            {
                PersonJson.Write(writer, person, org, state.Now, PersonView.IdLookup);
            }
            else
            {
                notFound.Add(id);
            }
        }

        writer.WriteEndArray();
        if (notFound.Count > 0)
        {
            writer.WriteStringArray("notFoundIds", notFound);
        }

        writer.WriteEndObject();
        return Respond.Finish(context, writer);
    }

    /// <summary>One person by id; <c>me</c> is the signed-in admin (scope spark:people_read or the admin one).</summary>
    private static Task Get(HttpContext context, SimulatorState state)
    {
        var me = PersonIdOf(context) == "me";
        if ((me ? Access.Deny(context, Scopes.PeopleRead, Scopes.OwnPeopleRead) : Access.Deny(context, Scopes.PeopleRead)) is { } denied)
        {
            return denied;
        }

        if (!me && !WebexId.TryDecode(PersonIdOf(context), out _, out _))
        {
            // The spec's 404 covers "The URI requested is invalid or the resource requested, such as a user, does not
            // exist"; a raw UUID (the SCIM id) is such an invalid URI, not a malformed request.
            return Respond.Error(context, StatusCodes.Status404NotFound,
                $"Person {PersonIdOf(context)} not found: person ids are Webex ids (base64 of ciscospark://us/PEOPLE/<uuid>), not raw UUIDs.");
        }

        using var readLock = state.Read();
        var person = me ? state.Data.AllPeople[Access.GrantOf(context).Person] : state.Data.FindPerson(PersonIdOf(context));
        return WritePersonOr404(context, state, person);
    }

    /// <summary>Create a Person (admin, spark-admin:people_write); <c>minResponse=true</c> answers only the id.</summary>
    private static async Task Create(HttpContext context, SimulatorState state)
    {
        if (Access.Deny(context, Scopes.PeopleWrite) is { } denied)
        {
            await denied;
            return;
        }

        var (body, answered) = await Respond.ReadBodyAsync<PersonCreation>(context);
        if (answered)
        {
            return;
        }

        if (body is null)
        {
            await Respond.Error(context, 400, "The body must be a Person object.");
            return;
        }

        var minResponse = string.Equals(context.Request.Query["minResponse"], "true", StringComparison.OrdinalIgnoreCase);
        Task answer;
        using (state.Write())
        {
            var (person, failure) = body.CreateIn(state.Data, state.Options.Seed, state.Now);
            answer = failure is not null
                ? Respond.Error(context, failure.Status, failure.Message, failure.Code)
                : minResponse
                    ? Respond.Json(context, StatusCodes.Status200OK, w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("id", person!.Id);
                        w.WriteEndObject();
                    })
                    : WritePersonOr404(context, state, person);
        }

        await answer;
    }

    private static async Task Replace(HttpContext context, SimulatorState state)
    {
        if (Access.Deny(context, Scopes.PeopleWrite) is { } denied)
        {
            await denied;
            return;
        }

        var (body, answered) = await Respond.ReadBodyAsync<PersonReplacement>(context);
        if (answered)
        {
            return;
        }

        if (body is null || string.IsNullOrWhiteSpace(body.DisplayName))
        {
            await Respond.Error(context, 400, "displayName is required.");
            return;
        }

        var minResponse = string.Equals(context.Request.Query["minResponse"], "true", StringComparison.OrdinalIgnoreCase);
        Task answer;
        using (state.Write())
        {
            var org = state.Data;
            var person = org.FindPerson(PersonIdOf(context));
            if (person is null)
            {
                answer = Respond.Error(context, 404, "The requested resource could not be found.");
            }
            else
            {
                answer = body.ApplyTo(person, org, state.Now) is { } error
                    ? Respond.Error(context, 400, error.Message, error.Code)
                    : minResponse
                        ? NoContent(context)
                        : WritePersonOr404(context, state, person);
            }
        }

        await answer;
    }

    private static Task Delete(HttpContext context, SimulatorState state)
    {
        if (Access.Deny(context, Scopes.PeopleWrite) is { } denied)
        {
            return denied;
        }

        using var _ = state.Write();
        var person = state.Data.FindPerson(PersonIdOf(context));
        if (person is null)
        {
            return Respond.Error(context, 404, "The requested resource could not be found.");
        }

        state.Data.Remove(person);
        return NoContent(context);
    }

    private static Task NoContent(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private static Task WritePersonOr404(HttpContext context, SimulatorState state, Person? person)
    {
        if (person is null)
        {
            return Respond.Error(context, 404, "The requested resource could not be found.");
        }

        var writer = Respond.StartJson(context);
        PersonJson.Write(writer, person, state.Data, state.Now, PersonView.Full);
        return Respond.Finish(context, writer);
    }

    private static string PersonIdOf(HttpContext context) => context.Request.RouteValues["personId"] as string ?? "";
}
