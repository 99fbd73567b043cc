using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// Ids for instances and their rows: UUID version 7 as 32 lowercase hex digits (what <c>Guid.CreateVersion7(time)
/// .ToString("N")</c> gives), so each table's key index grows at its end. The random part comes from the operating
/// system's cryptographic generator, fetched for many ids at a time: a start or resume takes half a dozen ids, and
/// asking the system for each one cost more than the rest of making them.
/// </summary>
internal static class TimeOrderedIds
{
    private const int RandomBytesPerId = 10;
    private const int IdsPerFetch = 64;

    [ThreadStatic]
    private static byte[]? t_random;

    [ThreadStatic]
    private static int t_next;

    public static string New(DateTimeOffset time)
    {
        var random = t_random ??= new byte[RandomBytesPerId * IdsPerFetch];
        if (t_next == 0)
        {
            RandomNumberGenerator.Fill(random);
        }

        Span<byte> id = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(id, time.ToUnixTimeMilliseconds() << 16);
        random.AsSpan(t_next * RandomBytesPerId, RandomBytesPerId).CopyTo(id[6..]);
        t_next = (t_next + 1) % IdsPerFetch;
        id[6] = (byte)((id[6] & 0x0F) | 0x70); // version 7
        id[8] = (byte)((id[8] & 0x3F) | 0x80); // RFC 9562 variant
        return Convert.ToHexStringLower(id);
    }
}
