using System.Buffers;
using System.Text.Json;

namespace ProfileEngine.Benchmarks;

/// <summary>
/// The floor: a bare HttpClient that follows the Link header and counts the elements of the top-level
/// <c>items</c> array with a streaming Utf8JsonReader, deserializing nothing. Anything the real client does
/// on top of this is its cost.
/// </summary>
public static class FloorReader
{
    public static async Task<(long Items, int Pages)> CountAsync(HttpClient http, Uri first, HeapSampler sampler, CancellationToken ct)
    {
        long items = 0;
        var pages = 0;
        Uri? next = first;
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            while (next is not null)
            {
                using var response = await http.GetAsync(next, HttpCompletionOption.ResponseHeadersRead, ct);
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync(ct);
                items += await CountItemsAsync(body, buffer, ct);
                pages++;
                sampler.Sample();
                next = NextLink(response);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (items, pages);
    }

    private static Uri? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var part in values.SelectMany(v => v.Split(',')))
        {
            var start = part.IndexOf('<', StringComparison.Ordinal);
            var end = part.IndexOf('>', StringComparison.Ordinal);
            if (start >= 0 && end > start && part.Contains("rel=\"next\"", StringComparison.Ordinal))
            {
                return new Uri(part[(start + 1)..end], UriKind.Absolute);
            }
        }

        return null;
    }

    // Counts objects at depth 2 inside the "items" array, feeding the reader chunk by chunk.
    private static async Task<long> CountItemsAsync(Stream body, byte[] buffer, CancellationToken ct)
    {
        var state = new JsonReaderState();
        long count = 0;
        var inItems = false;
        var itemsDepth = -1;
        var carried = 0;
        while (true)
        {
            var read = await body.ReadAsync(buffer.AsMemory(carried), ct);
            var final = read == 0;
            var length = carried + read;
            var consumed = Scan(buffer.AsSpan(0, length), final, ref state, ref count, ref inItems, ref itemsDepth);
            carried = length - consumed;
            if (final)
            {
                return count;
            }

            if (carried == buffer.Length)
            {
                throw new InvalidOperationException("a single JSON token is larger than the read buffer");
            }

            Buffer.BlockCopy(buffer, consumed, buffer, 0, carried);
        }
    }

    private static int Scan(ReadOnlySpan<byte> data, bool final, ref JsonReaderState state, ref long count, ref bool inItems, ref int itemsDepth)
    {
        var reader = new Utf8JsonReader(data, final, state);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName when reader.CurrentDepth == 1 && reader.ValueTextEquals("items"u8):
                    inItems = true;
                    break;
                case JsonTokenType.StartArray when inItems && itemsDepth < 0:
                    itemsDepth = reader.CurrentDepth;
                    break;
                case JsonTokenType.StartObject when itemsDepth >= 0 && reader.CurrentDepth == itemsDepth + 1:
                    count++;
                    break;
                case JsonTokenType.EndArray when reader.CurrentDepth == itemsDepth:
                    inItems = false;
                    itemsDepth = -1;
                    break;
            }
        }

        state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }
}
