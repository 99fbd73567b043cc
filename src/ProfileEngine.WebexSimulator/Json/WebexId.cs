using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace ProfileEngine.WebexSimulator.Json;

/// <summary>REST ids: unpadded base64 of <c>ciscospark://us/&lt;TYPE&gt;/&lt;value&gt;</c>.</summary>
public static class WebexId
{
    private const string Prefix = "ciscospark://us/";

    public static string Encode(string type, string value) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Prefix}{type}/{value}")).TrimEnd('=');

    public static string Encode(string type, Guid value) => Encode(type, value.ToString());

    /// <summary>Decodes an id to its (type, value); false when it is not a ciscospark URI.</summary>
    public static bool TryDecode(string? id, out string type, out string value)
    {
        type = value = "";
        if (string.IsNullOrEmpty(id) || id.Length > 400)
        {
            return false;
        }

        var padded = id.Length % 4 == 0 ? id : id + new string('=', 4 - (id.Length % 4));
        Span<byte> bytes = stackalloc byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, bytes, out var length))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes[..length]);
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var slash = text.IndexOf('/', Prefix.Length);
        if (slash < 0)
        {
            return false;
        }

        type = text[Prefix.Length..slash];
        value = text[(slash + 1)..];
        return true;
    }

    /// <summary>Writes the id of a generated item (EVENT, MESSAGE, ROOM...) without allocating strings.</summary>
    public static void WriteId(this Utf8JsonWriter writer, string propertyName, string type, Guid value)
    {
        Span<byte> uri = stackalloc byte[96];
        var length = Encoding.ASCII.GetBytes(Prefix, uri);
        length += Encoding.ASCII.GetBytes(type, uri[length..]);
        uri[length++] = (byte)'/';
        value.TryFormat(uri[length..], out var written);
        length += written;
        Span<byte> encoded = stackalloc byte[Base64.GetMaxEncodedToUtf8Length(length)];
        Base64.EncodeToUtf8(uri[..length], encoded, out _, out var encodedLength);
        while (encodedLength > 0 && encoded[encodedLength - 1] == (byte)'=')
        {
            encodedLength--;
        }

        writer.WriteString(propertyName, encoded[..encodedLength]);
    }

    /// <summary>A repeatable UUID for generated item number <paramref name="sequence"/> of a kind.</summary>
    public static Guid DerivedUuid(int seed, int kind, long sequence)
    {
        var a = Mix(((ulong)(uint)seed << 32) ^ ((ulong)(uint)kind << 56) ^ (ulong)sequence);
        var b = Mix(a ^ 0x9E3779B97F4A7C15UL);
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, a);
        BitConverter.TryWriteBytes(bytes[8..], b);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    public static Guid RandomUuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
