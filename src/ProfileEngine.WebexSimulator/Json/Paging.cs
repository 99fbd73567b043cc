using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace ProfileEngine.WebexSimulator.Json;

/// <summary>Opaque key cursors and the RFC 5988 <c>Link: &lt;…&gt;; rel="next"</c> header.</summary>
public static class Paging
{
    /// <summary>Encodes a (time, sequence) key as an opaque URL-safe cursor.</summary>
    public static string EncodeCursor(long ticks, int sequence)
    {
        Span<byte> bytes = stackalloc byte[12];
        BinaryPrimitives.WriteInt64BigEndian(bytes, ticks);
        BinaryPrimitives.WriteInt32BigEndian(bytes[8..], sequence);
        return WebEncoders.Base64UrlEncode(bytes);
    }

    public static bool TryDecodeCursor(string? cursor, out long ticks, out int sequence)
    {
        ticks = 0;
        sequence = 0;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 32)
        {
            return false;
        }

        try
        {
            var bytes = WebEncoders.Base64UrlDecode(cursor);
            if (bytes.Length != 12)
            {
                return false;
            }

            ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
            sequence = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Sets <c>Link</c> to the same absolute URL with every original query parameter kept and
    /// <paramref name="cursorParameter"/> replaced by <paramref name="cursorValue"/>.
    /// </summary>
    public static void SetNextLink(HttpContext context, string cursorParameter, string cursorValue)
    {
        var request = context.Request;
        var url = new StringBuilder(256)
            .Append(request.Scheme).Append("://").Append(request.Host.Value)
            .Append(request.PathBase.Value).Append(request.Path.Value);
        var separator = '?';
        foreach (var (name, values) in request.Query)
        {
            if (string.Equals(name, cursorParameter, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var value in values)
            {
                url.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value ?? ""));
                separator = '&';
            }
        }

        url.Append(separator).Append(cursorParameter).Append('=').Append(Uri.EscapeDataString(cursorValue));
        context.Response.Headers.Link = "<" + url + ">; rel=\"next\"";
    }

    /// <summary>Reads an integer query parameter; null when absent, false when not a number.</summary>
    public static bool TryQueryInt(HttpContext context, string name, out int? value)
    {
        value = null;
        var text = context.Request.Query[name].ToString();
        if (text.Length == 0)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }

    /// <summary>Page size: default when absent, silently clamped to the endpoint's limit (as Webex does).</summary>
    public static int PageSize(int? requested, int defaultSize, int limit) =>
        requested is null ? defaultSize : Math.Clamp(requested.Value, 1, limit);
}
