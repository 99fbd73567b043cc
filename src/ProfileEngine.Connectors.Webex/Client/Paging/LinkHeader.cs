using System.Net.Http.Headers;

namespace ProfileEngine.Connectors.Webex.Paging;

/// <summary>Finds the <c>rel="next"</c> target of RFC 8288 <c>Link</c> headers.</summary>
public static class LinkHeader
{
    /// <summary>
    /// The next page's URL exactly as Webex wrote it (no re-escaping or canonicalization, the cursor is opaque),
    /// or null on the last page. A relative target is resolved against <paramref name="requestUri"/>.
    /// </summary>
    public static Uri? FindNext(HttpResponseHeaders headers, Uri requestUri)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(requestUri);
        if (!headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            if (FindNext(value) is { } target)
            {
                return Uri.TryCreate(target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }, out var absolute)
                    && absolute.IsAbsoluteUri
                    ? absolute
                    : new Uri(requestUri, target);
            }
        }

        return null;
    }

    /// <summary>The target of the first link whose rel includes "next" in one header value, or null.</summary>
    public static string? FindNext(string headerValue)
    {
        ArgumentNullException.ThrowIfNull(headerValue);
        var position = 0;
        while (true)
        {
            var open = headerValue.IndexOf('<', position);
            if (open < 0)
            {
                return null;
            }

            var close = headerValue.IndexOf('>', open + 1);
            if (close < 0)
            {
                return null;
            }

            var target = headerValue[(open + 1)..close].Trim();
            var parametersEnd = EndOfParameters(headerValue, close + 1);
            if (RelContainsNext(headerValue.AsSpan(close + 1, parametersEnd - close - 1)))
            {
                return target;
            }

            position = parametersEnd;
        }
    }

    // Parameters run until a comma outside quotes (a comma inside <...> belongs to the URL and was skipped already).
    private static int EndOfParameters(string value, int start)
    {
        var quoted = false;
        for (var i = start; i < value.Length; i++)
        {
            if (value[i] == '"')
            {
                quoted = !quoted;
            }
            else if (value[i] == ',' && !quoted)
            {
                return i;
            }
        }

        return value.Length;
    }

    private static bool RelContainsNext(ReadOnlySpan<char> parameters)
    {
        foreach (var range in parameters.Split(';'))
        {
            var parameter = parameters[range].Trim();
            var equals = parameter.IndexOf('=');
            if (equals < 0 || !parameter[..equals].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var relations = parameter[(equals + 1)..].Trim().Trim('"');
            foreach (var relation in relations.Split(' '))
            {
                if (relations[relation].Equals("next", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
