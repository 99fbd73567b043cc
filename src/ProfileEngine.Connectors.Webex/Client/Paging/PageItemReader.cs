using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ProfileEngine.Connectors.Webex.Paging;

/// <summary>
/// Streams the elements of one array property of a JSON page (<c>{"items":[...]}</c>, <c>{"users":[...]}</c>,
/// <c>{"Resources":[...]}</c>) from the response body, one element at a time, so a 1000-item page is never held
/// as a whole. Top-level whole numbers (e.g. SCIM <c>totalResults</c>) are collected on the side.
/// </summary>
public sealed class PageItemReader<T>
{
    private const int InitialBufferSize = 16 * 1024;

    private readonly JsonTypeInfo<T> _itemType;
    private readonly string _arrayProperty;
    private readonly bool _arrayRequired;
    private readonly Dictionary<string, long> _numbers = new(StringComparer.Ordinal);
    private Phase _phase;
    private JsonReaderState _state;
    private int _itemIndex;

    /// <param name="arrayRequired">False where the vendor omits an empty array (SCIM <c>Resources</c>).</param>
    public PageItemReader(JsonTypeInfo<T> itemType, string arrayProperty, bool arrayRequired = true)
    {
        _itemType = itemType;
        _arrayProperty = arrayProperty;
        _arrayRequired = arrayRequired;
    }

    private enum Phase
    {
        BeforeRoot,
        InRoot,
        InArray,
        Done,
    }

    /// <summary>Whether the array property was present (a page without it is malformed).</summary>
    public bool FoundArray { get; private set; }

    /// <summary>Top-level whole-number properties seen so far; complete once the page was read to the end.</summary>
    public IReadOnlyDictionary<string, long> Numbers => _numbers;

    /// <summary>
    /// Reads the page. Problems with the body surface as <see cref="PageFormatException"/>, which says what was wrong.
    /// </summary>
    public async IAsyncEnumerable<T> ReadAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        var items = new List<T>();
        var filled = 0;
        long totalBytes = 0;
        try
        {
            while (true)
            {
                var read = await ReadChunkAsync(body, buffer.AsMemory(filled), totalBytes, cancellationToken);
                totalBytes += read;
                filled += read;

                var consumed = Parse(buffer.AsSpan(0, filled), items);
                foreach (var item in items)
                {
                    yield return item;
                }

                items.Clear();
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;

                if (_phase == Phase.Done)
                {
                    if (_arrayRequired && !FoundArray)
                    {
                        throw new PageFormatException($"the JSON object has no '{_arrayProperty}' array");
                    }

                    yield break;
                }

                if (read == 0)
                {
                    throw new PageFormatException(totalBytes == 0
                        ? "the body is empty"
                        : $"the body ended after {totalBytes} bytes before the JSON document was complete (truncated)");
                }

                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<int> ReadChunkAsync(Stream body, Memory<byte> into, long bytesSoFar, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadAsync(into, cancellationToken);
        }
        catch (IOException exception)
        {
            throw new PageFormatException($"the connection broke after {bytesSoFar} bytes of the body (truncated): {exception.Message}", exception);
        }
    }

    // The data is never the final block: running out of bytes makes Read/TrySkip return false instead of throwing,
    // so an unfinished element is kept and completed by the next chunk, and end-of-body is judged by the caller.
    private int Parse(ReadOnlySpan<byte> data, List<T> items)
    {
        var reader = new Utf8JsonReader(data, isFinalBlock: false, _state);
        try
        {
            while (_phase != Phase.Done)
            {
                var checkpoint = reader;
                if (!TryAdvance(ref reader, items))
                {
                    reader = checkpoint;
                    break;
                }
            }
        }
        catch (JsonException exception) when (exception is not PageFormatException)
        {
            throw new PageFormatException(
                _phase == Phase.InArray
                    ? $"element {_itemIndex} of '{_arrayProperty}' is not valid: {exception.Message}"
                    : $"the body is not valid JSON: {exception.Message}",
                exception);
        }

        _state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    private bool TryAdvance(ref Utf8JsonReader reader, List<T> items)
    {
        if (!reader.Read())
        {
            return false;
        }

        switch (_phase)
        {
            case Phase.BeforeRoot:
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new PageFormatException($"expected a JSON object but the body starts with {reader.TokenType}");
                }

                _phase = Phase.InRoot;
                return true;

            case Phase.InRoot:
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    _phase = Phase.Done;
                    return true;
                }

                return TryReadRootProperty(ref reader);

            default:
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    _phase = Phase.InRoot;
                    return true;
                }

                var probe = reader;
                if (!probe.TrySkip())
                {
                    return false;
                }

                var item = JsonSerializer.Deserialize(ref reader, _itemType)
                    ?? throw new PageFormatException($"element {_itemIndex} of '{_arrayProperty}' is null");
                items.Add(item);
                _itemIndex++;
                return true;
        }
    }

    private bool TryReadRootProperty(ref Utf8JsonReader reader)
    {
        var name = reader.GetString()!;
        if (name == _arrayProperty)
        {
            if (!reader.Read())
            {
                return false;
            }

            FoundArray = true;
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                _phase = Phase.InArray;
                return true;
            }

            return reader.TokenType == JsonTokenType.Null
                ? true
                : throw new PageFormatException($"'{_arrayProperty}' is {reader.TokenType}, not an array");
        }

        var probe = reader;
        if (!probe.Read())
        {
            return false;
        }

        if (probe.TokenType == JsonTokenType.Number && probe.TryGetInt64(out var number))
        {
            _numbers[name] = number;
            reader = probe;
            return true;
        }

        return reader.TrySkip();
    }
}

/// <summary>A response body that is not the JSON the endpoint promises; the message says what was wrong.</summary>
public sealed class PageFormatException : JsonException
{
    public PageFormatException(string message)
        : base(message)
    {
    }

    public PageFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
