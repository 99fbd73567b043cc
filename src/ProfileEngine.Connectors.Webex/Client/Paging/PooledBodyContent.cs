using System.Buffers;
using System.Net;

namespace ProfileEngine.Connectors.Webex.Paging;

/// <summary>
/// A response body read ahead into arrays from the shared pool and given back when the response is disposed.
/// Pages are about a megabyte, so buffering them the ordinary way would leave large-object garbage behind every page.
/// </summary>
internal sealed class PooledBodyContent : HttpContent
{
    private const int FirstBufferSize = 64 * 1024;

    private byte[]? _buffer;
    private readonly int _length;

    private PooledBodyContent(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    /// <summary>Reads the whole of <paramref name="source"/>; a broken connection surfaces as the IOException or HttpRequestException it is.</summary>
    public static async Task<PooledBodyContent> ReadAsync(HttpContent source, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(FirstBufferSize);
        var length = 0;
        try
        {
            await using var stream = await source.ReadAsStreamAsync(cancellationToken);
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        var content = new PooledBodyContent(buffer, length);
        foreach (var header in source.Headers)
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return content;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(Body(), 0, _length);

    protected override Task<Stream> CreateContentReadStreamAsync() =>
        Task.FromResult<Stream>(new MemoryStream(Body(), 0, _length, writable: false));

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        base.Dispose(disposing);
    }

    private byte[] Body() => _buffer ?? throw new ObjectDisposedException(nameof(PooledBodyContent));
}
