using System.Globalization;
using Microsoft.AspNetCore.Http;
using ProfileEngine.WebexSimulator.Scim;

namespace ProfileEngine.WebexSimulator.ScimApp;

/// <summary>
/// The query of a list request (RFC 7644 §3.4.2): <c>filter</c>, 1-based <c>startIndex</c> (below 1 means 1), and
/// <c>count</c> (default 100, capped at the app's maximum; a negative one means 0), plus <c>attributes</c>/<c>excludedAttributes</c>.
/// </summary>
public sealed record ScimListQuery(ScimFilter? Filter, int StartIndex, int Count, ScimProjection Projection)
{
    public const int DefaultCount = 100;

    public static ScimListQuery From(HttpRequest request, ScimAppOptions options)
    {
        var query = request.Query;
        ScimFilter? filter;
        try
        {
            var text = query["filter"].ToString();
            filter = text.Length == 0 ? null : ScimFilter.Parse(text);
        }
        catch (ScimFilterException e)
        {
            throw ScimException.BadRequest("invalidFilter", e.Message);
        }

        var startIndex = Number(query["startIndex"].ToString(), "startIndex") ?? 1;
        var count = Number(query["count"].ToString(), "count") ?? Math.Min(DefaultCount, options.MaxPageSize);
        return new ScimListQuery(filter, Math.Max(1, startIndex), Math.Clamp(count, 0, options.MaxPageSize), ProjectionFor(request, options));
    }

    /// <summary>The request's <c>attributes</c>/<c>excludedAttributes</c> over the app's two user extensions.</summary>
    public static ScimProjection ProjectionFor(HttpRequest request, ScimAppOptions options) =>
        ScimProjection.From(request.Query["attributes"], request.Query["excludedAttributes"], [ScimSchemas.EnterpriseUser, options.ActivitySchema]);

    /// <summary>The page of <paramref name="items"/> that pass the filter; a filter on an unknown attribute is 400 invalidFilter.</summary>
    public (int Total, List<T> Page) Select<T>(IEnumerable<T> items, Func<T, IScimAttributes> attributes)
    {
        var total = 0;
        var page = new List<T>();
        try
        {
            foreach (var item in items)
            {
                if (Filter is null || Filter.Matches(attributes(item)))
                {
                    total++;
                    if (total >= StartIndex && page.Count < Count)
                    {
                        page.Add(item);
                    }
                }
            }
        }
        catch (ScimFilterException e)
        {
            throw ScimException.BadRequest("invalidFilter", e.Message);
        }

        return (total, page);
    }

    private static int? Number(string text, string name) =>
        text.Length == 0 ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw ScimException.BadRequest("invalidValue", $"{name} must be an integer.");
}
