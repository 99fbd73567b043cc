using System.Globalization;
using ProfileEngine.WebexSimulator.Generation;

namespace ProfileEngine.WebexSimulator.ScimApp;

/// <summary>
/// Makes the app's users and groups from a seed: the same seed and clock time give the same data. About one in ten
/// users is inactive, one in seven holds no entitlement and one in seven never signed in.
/// </summary>
public static class ScimUserGenerator
{
    public static readonly ScimEntitlement Enterprise = new("enterprise", "Enterprise");
    public static readonly ScimEntitlement Pro = new("pro", "Pro");
    public static readonly ScimEntitlement Viewer = new("viewer", "Viewer (free)");

    public const string AdministratorsGroup = "Administrators";

    public static (List<ScimUser> Users, List<ScimGroup> Groups) Generate(int count, int seed, DateTimeOffset now)
    {
        now = ScimAppState.ToMilliseconds(now);
        var random = new Random(seed);
        var users = new List<ScimUser>(count);
        for (var i = 0; i < count; i++)
        {
            users.Add(NewUser(random, i, now));
        }

        var groups = new List<ScimGroup>();
        foreach (var department in NameData.Departments)
        {
            groups.Add(NewGroup(random, department, [.. users.Where(u => u.Department == department).Select(u => u.Id)], now));
        }

        groups.Add(NewGroup(random, AdministratorsGroup, [.. users.Where(u => u.Roles.Contains("admin")).Select(u => u.Id)], now));
        return (users, groups);
    }

    /// <summary>A GUID drawn from <paramref name="random"/>, so ids follow the seed.</summary>
    public static string NewId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    private static ScimUser NewUser(Random random, int index, DateTimeOffset now)
    {
        var id = NewId(random);
        var first = NameData.FirstNames[random.Next(NameData.FirstNames.Length)];
        var last = NameData.LastNames[random.Next(NameData.LastNames.Length)];
        var created = now.AddDays(-random.Next(30, 900)).AddMinutes(-random.Next(0, 1440));

        // Changed some time between creation and a day ago, so anything the test changes is the newest.
        var lastModified = ScimAppState.ToMilliseconds(created + (now.AddDays(-1) - created) * random.NextDouble());
        DateTimeOffset? lastLogin = random.NextDouble() < 0.15 ? null : Later(created, now.AddDays(-random.Next(0, 200)).AddMinutes(-random.Next(0, 1440)));
        return new ScimUser
        {
            Id = id,
            UserName = $"{first}.{last}{index}@example.com".ToLowerInvariant(),
            GivenName = first,
            FamilyName = last,
            DisplayName = $"{first} {last}",
            Email = $"{first}.{last}{index}@example.com".ToLowerInvariant(),
            Active = random.NextDouble() >= 0.1,
            Entitlements = Entitlements(random.NextDouble()),
            Roles = random.NextDouble() < 0.05 ? ["user", "admin"] : ["user"],
            EmployeeNumber = (10000 + index).ToString(CultureInfo.InvariantCulture),
            Department = NameData.Departments[random.Next(NameData.Departments.Length)],
            LastLogin = lastLogin,
            Created = created,
            LastModified = lastModified,
        };
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static ScimEntitlement[] Entitlements(double roll) => roll switch
    {
        < 0.15 => [],
        < 0.45 => [Pro],
        < 0.60 => [Enterprise],
        < 0.85 => [Viewer],
        _ => [Pro, Viewer],
    };

    private static ScimGroup NewGroup(Random random, string name, IReadOnlyList<string> members, DateTimeOffset now)
    {
        var created = now.AddDays(-random.Next(900, 1000));
        return new ScimGroup { Id = NewId(random), DisplayName = name, MemberIds = members, Created = created, LastModified = created };
    }
}
