using System.Buffers.Binary;
using System.Globalization;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.WebexSimulator.Generation;

/// <summary>
/// Phone numbers of generated people. The work number comes from the org's main random sequence as before; mobile
/// and fax numbers are derived from (seed, ordinal) alone, so adding them changed nothing else that a seed generates.
/// </summary>
public static class PhoneNumberGenerator
{
    private const int PhoneIdKind = 11;

    public static IReadOnlyList<PhoneNumber> For(int seed, int ordinal, string? workPhone)
    {
        Span<byte> bytes = stackalloc byte[16];
        WebexId.DerivedUuid(seed, PhoneIdKind, ordinal).TryWriteBytes(bytes);
        var roll = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        var digits = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
        var numbers = new List<PhoneNumber>(3);
        if (workPhone is not null)
        {
            numbers.Add(new PhoneNumber(PhoneNumber.Work, workPhone, Primary: true));
        }

        // Everyone without a work number has a mobile one; half of those with one have a mobile too.
        if (workPhone is null || roll % 2 == 0)
        {
            numbers.Add(new PhoneNumber(PhoneNumber.Mobile, "+1 650 555 " + Four(digits), Primary: workPhone is null));
        }

        if (roll % 20 == 1)
        {
            numbers.Add(new PhoneNumber(PhoneNumber.Fax, "+1 408 555 " + Four(digits / 10_000), Primary: false));
        }

        return numbers;
    }

    private static string Four(uint value) => (1000 + (value % 9000)).ToString(CultureInfo.InvariantCulture);
}
