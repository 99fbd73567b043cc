using System.Text.Json;
using ProfileEngine.WebexSimulator.Clock;
using ProfileEngine.WebexSimulator.Faults;
using ProfileEngine.WebexSimulator.Generation;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.Messages;
using ProfileEngine.WebexSimulator.OAuth;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.WebexSimulator;

/// <summary>Refused control operation; <see cref="Status"/> is the HTTP status the control API answers with.</summary>
public sealed class SimulatorException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>What a client needs to connect to the simulated org.</summary>
public sealed record SimulatorOrgInfo(
    string OrgId, string OrgUuid, string ClientId, string ClientSecret, IReadOnlyList<string> RedirectUris, string AdminEmail);

/// <summary>
/// The simulator's state and the control operations on it (the control API calls these).
/// Org data is read under a shared lock and changed under an exclusive one.
/// </summary>
public sealed class SimulatorState : IDisposable
{
    public const string FullAdministrator = "Full Administrator";
    public const string ComplianceOfficer = "Compliance Officer";
    public const int AddedPersonIdKind = 10;
    private const int ClientIdKind = 90;
    private const int ClientSecretKind = 91;

    private readonly ReaderWriterLockSlim orgLock = new(LockRecursionPolicy.NoRecursion);
    private readonly SimulatorClock? ownClock;
    private readonly Lock messagesGate = new();
    private readonly List<SentMessage> messages = [];
    private long usageReportDelayTicks;

    public SimulatorState(SimulatorOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Users, 2, "SimulatorOptions.Users (the org always has its two admins)");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.UsageReportDelay, TimeSpan.Zero, "SimulatorOptions.UsageReportDelay");
        Options = options;
        // A SimulatorClock passed in (e.g. the host's clock, shared with the engine) stays settable through the control API.
        ownClock = options.Clock switch
        {
            null => new SimulatorClock(TimeProvider.System),
            SimulatorClock shared => shared,
            _ => null,
        };
        Clock = options.Clock ?? ownClock!;
        Data = OrgGenerator.Generate(options, Clock.GetUtcNow());
        Info = new SimulatorOrgInfo(
            Data.OrgId,
            Data.OrgUuid.ToString(),
            "C" + HexSecret(options.Seed, ClientIdKind),
            HexSecret(options.Seed, ClientSecretKind),
            options.RedirectUris,
            Data.AllPeople[Data.PrimaryAdmin].Email);
        Tokens = new TokenStore(Clock, options);
        Faults = new FaultPlan(options.Seed);
        SetUsageReportDelay(options.UsageReportDelay);
    }

    public SimulatorOptions Options { get; }
    public TimeProvider Clock { get; }
    public SimulatorOrgInfo Info { get; }
    public TokenStore Tokens { get; }
    public FaultPlan Faults { get; }
    public RequestLog Requests { get; } = new();

    /// <summary>The org; read it only inside <see cref="Read"/> and change it only inside <see cref="Write"/>.</summary>
    public OrgData Data { get; private set; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public LockScope Read()
    {
        orgLock.EnterReadLock();
        return new LockScope(orgLock, write: false);
    }

    public LockScope Write()
    {
        orgLock.EnterWriteLock();
        return new LockScope(orgLock, write: true);
    }

    public readonly struct LockScope(ReaderWriterLockSlim owner, bool write) : IDisposable
    {
        public void Dispose()
        {
            if (write)
            {
                owner.ExitWriteLock();
            }
            else
            {
                owner.ExitReadLock();
            }
        }
    }

    /// <summary>A token for the primary admin; <paramref name="roles"/> null = Full Administrator + Compliance Officer.</summary>
    public IssuedToken IssueToken(IEnumerable<string> scopes, IEnumerable<string>? roles = null, TimeSpan? lifetime = null) =>
        Tokens.Issue(new Grant([.. scopes], roles is null ? [FullAdministrator, ComplianceOfficer] : [.. roles], 0), lifetime);

    /// <summary>The grant a signed-in admin gets: the scopes asked for and the person's own roles.</summary>
    public Grant GrantFor(int personOrdinal, IReadOnlyList<string> scopes)
    {
        using var _ = Read();
        var person = Data.AllPeople[personOrdinal];
        return new Grant(scopes, [.. person.RoleIndexes.Select(i => Data.Roles[i].Name)], personOrdinal);
    }

    public void ExpireTokens() => Tokens.ExpireAccessTokens();

    /// <summary>How long after its end a session shows in the usage report (starts as <see cref="SimulatorOptions.UsageReportDelay"/>).</summary>
    public TimeSpan UsageReportDelay => TimeSpan.FromTicks(Interlocked.Read(ref usageReportDelayTicks));

    public void SetUsageReportDelay(TimeSpan delay)
    {
        if (delay < TimeSpan.Zero)
        {
            throw new SimulatorException(400, "The usage report delay cannot be negative.");
        }

        Interlocked.Exchange(ref usageReportDelayTicks, delay.Ticks);
    }

    public void SetClock(DateTimeOffset now) => OwnClock().Set(now);

    public void AdvanceClock(TimeSpan by) => OwnClock().Advance(by);

    private SimulatorClock OwnClock() =>
        ownClock ?? throw new SimulatorException(409, "The simulator was started with its own Clock (SimulatorOptions.Clock); move that clock instead.");

    public void RecordMessage(SentMessage message)
    {
        lock (messagesGate)
        {
            messages.Add(message);
        }
    }

    public IReadOnlyList<SentMessage> Messages()
    {
        lock (messagesGate)
        {
            return [.. messages];
        }
    }

    /// <summary>Regenerates the org from its seed (at the current clock time) and clears faults, counters and messages; tokens stay valid.</summary>
    public void Reset()
    {
        var fresh = OrgGenerator.Generate(Options, Now);
        using (Write())
        {
            Data = fresh;
        }

        Faults.Clear();
        Requests.Clear();
        lock (messagesGate)
        {
            messages.Clear();
        }
    }

    public Person AddPerson(NewPerson spec)
    {
        if (string.IsNullOrWhiteSpace(spec.Email) || string.IsNullOrWhiteSpace(spec.DisplayName))
        {
            throw new SimulatorException(400, "email and displayName are required.");
        }

        using var _ = Write();
        if (Data.PeopleByEmail.ContainsKey(spec.Email))
        {
            throw new SimulatorException(409, $"A person with email {spec.Email} already exists.");
        }

        var now = Now;
        var uuid = WebexId.DerivedUuid(Options.Seed, AddedPersonIdKind, Data.AllPeople.Count);
        var person = new Person
        {
            Ordinal = Data.AllPeople.Count,
            Uuid = uuid,
            Id = WebexId.Encode("PEOPLE", uuid),
            Email = spec.Email,
            DisplayName = spec.DisplayName,
            FirstName = spec.FirstName,
            LastName = spec.LastName,
            Type = ParseType(spec.Type),
            InvitePending = spec.InvitePending ?? false,
            LoginEnabled = spec.LoginEnabled ?? true,
            Created = now,
            LastModified = now,
        };
        var bits = person.Type == PersonType.Person ? 1UL << OrgGenerator.ScreenShareLicense : 0;
        foreach (var id in spec.Licenses ?? [])
        {
            bits |= 1UL << RequireLicense(id).Index;
        }

        person.LicenseBits = bits;
        Data.Add(person);
        return person;
    }

    /// <summary>Changes the fields present in <paramref name="changes"/> (Person field names).</summary>
    public Person UpdatePerson(string personId, JsonElement changes)
    {
        if (changes.ValueKind != JsonValueKind.Object)
        {
            throw new SimulatorException(400, "The body must be a JSON object of Person fields.");
        }

        using var _ = Write();
        var person = RequirePerson(personId);
        foreach (var field in changes.EnumerateObject())
        {
            var value = field.Value;
            switch (field.Name)
            {
                case "displayName": person.DisplayName = value.GetString() ?? person.DisplayName; break;
                case "firstName": person.FirstName = value.GetString(); break;
                case "lastName": person.LastName = value.GetString(); break;
                case "nickName": person.NickName = value.GetString(); break;
                case "title": person.Title = value.GetString(); break;
                case "department": person.Department = value.GetString(); break;
                case "timezone": person.Timezone = value.GetString(); break;
                case "email": Data.ChangeEmail(person, value.GetString() ?? person.Email); break;
                case "emails" when value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0:
                    Data.ChangeEmail(person, value[0].GetString() ?? person.Email);
                    break;
                case "type": person.Type = ParseType(value.GetString()); break;
                case "invitePending": person.InvitePending = value.GetBoolean(); break;
                case "loginEnabled": person.LoginEnabled = value.GetBoolean(); break;
                case "lastActivity":
                    person.LastActivity = value.ValueKind == JsonValueKind.Null ? null : ParseTime(value.GetString(), "lastActivity");
                    break;
                case "licenses":
                    var bits = 0UL;
                    foreach (var id in value.EnumerateArray())
                    {
                        bits |= 1UL << RequireLicense(id.GetString()).Index;
                    }

                    person.LicenseBits = bits;
                    break;
                case "roles":
                    person.RoleIndexes = [.. value.EnumerateArray().Select(r => RequireRole(r.GetString()))];
                    break;
                default:
                    throw new SimulatorException(400, $"Unknown or read-only Person field '{field.Name}'.");
            }
        }

        person.LastModified = Now;
        return person;
    }

    public Person DeactivatePerson(string personId)
    {
        using var _ = Write();
        var person = RequirePerson(personId);
        person.LoginEnabled = false;
        person.LastModified = Now;
        return person;
    }

    public void RemovePerson(string personId)
    {
        using var _ = Write();
        Data.Remove(RequirePerson(personId));
    }

    public Person AssignLicense(string personId, string licenseId, bool assign)
    {
        using var _ = Write();
        var person = RequirePerson(personId);
        var license = RequireLicense(licenseId);
        person.LicenseBits = assign ? person.LicenseBits | (1UL << license.Index) : person.LicenseBits & ~(1UL << license.Index);
        person.LastModified = Now;
        return person;
    }

    public static readonly IReadOnlyList<string> ActivityKinds =
        [
            "message", "file", "membership", "callRecord", "meetingHosted", "meetingAttended", "adminLogin",
            "trainingHosted", "trainingAttended", "eventHosted", "eventAttended", "supportHosted", "supportAttended",
        ];

    /// <summary>Appends one activity of <paramref name="kind"/> by the person at <paramref name="at"/> (default: now).</summary>
    public void AppendActivity(string personId, string kind, DateTimeOffset? at)
    {
        using var _ = Write();
        var person = RequirePerson(personId);
        var time = at ?? Now;
        var ticks = time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMillisecond);
        var related = Data.Events.Count + 1;
        switch (kind)
        {
            case "message": AddEvent(EventResource.Messages); break;
            case "file": AddEvent(EventResource.Files); break;
            case "membership": AddEvent(EventResource.Memberships); break;
            case "callRecord": AddEvent(EventResource.CallRecords); break;
            case "meetingHosted":
                Data.InsertMeeting(new Meeting(ticks, Data.Meetings.Count, person.Ordinal, 30, []));
                break;
            case "meetingAttended":
                var host = person.Ordinal == Data.PrimaryAdmin ? Data.SecondAdmin : Data.PrimaryAdmin;
                Data.InsertMeeting(new Meeting(ticks, Data.Meetings.Count, host, 30, [person.Ordinal]));
                Data.AllPeople[host].Touch(new DateTimeOffset(ticks, TimeSpan.Zero));
                break;
            case "trainingHosted": AddSession(SessionService.TrainingCenter, hosted: true); break;
            case "trainingAttended": AddSession(SessionService.TrainingCenter, hosted: false); break;
            case "eventHosted": AddSession(SessionService.EventCenter, hosted: true); break;
            case "eventAttended": AddSession(SessionService.EventCenter, hosted: false); break;
            case "supportHosted": AddSession(SessionService.SupportCenter, hosted: true); break;
            case "supportAttended": AddSession(SessionService.SupportCenter, hosted: false); break;
            case "adminLogin":
                Data.InsertAuditEvent(new AdminAuditEvent(ticks, Data.AuditEvents.Count, person.Ordinal, person.Ordinal, AuditCategory.Logins));
                break;
            default:
                throw new SimulatorException(400, $"Unknown activity kind '{kind}'; use one of {string.Join(", ", ActivityKinds)}.");
        }

        person.Touch(new DateTimeOffset(ticks, TimeSpan.Zero));

        void AddEvent(EventResource resource) =>
            Data.InsertEvent(new ComplianceEvent(ticks, Data.Events.Count, person.Ordinal, related, resource));

        // Attending: an admin hosts, the person is one of two participants.
        void AddSession(SessionService service, bool hosted)
        {
            var host = hosted ? person.Ordinal : person.Ordinal == Data.PrimaryAdmin ? Data.SecondAdmin : Data.PrimaryAdmin;
            Data.InsertSession(new HostedSession(ticks, Data.Sessions.Count, host, 45, service, hosted ? 1 : 2));
            Data.AllPeople[host].Touch(new DateTimeOffset(ticks, TimeSpan.Zero));
        }
    }

    public void WriteSummary(Utf8JsonWriter writer)
    {
        using var _ = Read();
        var org = Data;
        int bots = 0, appUsers = 0, pending = 0, disabled = 0;
        var assigned = new int[org.Licenses.Count];
        foreach (var person in org.People)
        {
            bots += person.Type == PersonType.Bot ? 1 : 0;
            appUsers += person.Type == PersonType.AppUser ? 1 : 0;
            pending += person.InvitePending ? 1 : 0;
            disabled += person.LoginEnabled ? 0 : 1;
            for (var i = 0; i < assigned.Length; i++)
            {
                assigned[i] += person.Holds(i) ? 1 : 0;
            }
        }

        writer.WriteStartObject();
        writer.WriteString("orgId", Info.OrgId);
        writer.WriteString("orgUuid", Info.OrgUuid);
        writer.WriteString("orgName", org.Name);
        writer.WriteString("clientId", Info.ClientId);
        writer.WriteString("clientSecret", Info.ClientSecret);
        writer.WriteStringArray("redirectUris", Info.RedirectUris);
        writer.WriteString("adminEmail", Info.AdminEmail);
        writer.WriteString("secondAdminEmail", org.AllPeople[org.SecondAdmin].Email);
        writer.WriteTime("now", Now);
        writer.WriteNumber("people", org.People.Count);
        writer.WriteNumber("bots", bots);
        writer.WriteNumber("appUsers", appUsers);
        writer.WriteNumber("invitePending", pending);
        writer.WriteNumber("loginDisabled", disabled);
        writer.WriteStartArray("licenses");
        foreach (var license in org.Licenses)
        {
            writer.WriteStartObject();
            writer.WriteString("id", license.Id);
            writer.WriteString("name", license.Name);
            writer.WriteNumber("assigned", assigned[license.Index]);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("events", org.Events.Count);
        writer.WriteNumber("meetings", org.Meetings.Count);
        writer.WriteNumber("adminAuditEvents", org.AuditEvents.Count);
        writer.WriteEndObject();
    }

    public void Dispose() => orgLock.Dispose();

    private Person RequirePerson(string? personId) =>
        Data.FindPerson(personId) ?? throw new SimulatorException(404, $"No person with id '{personId}' in the org.");

    private License RequireLicense(string? licenseId) =>
        Data.FindLicense(licenseId) ?? throw new SimulatorException(400, $"License '{licenseId}' is not in the org's catalog.");

    private int RequireRole(string? nameOrId) =>
        Data.RoleIndex(nameOrId) is var index and >= 0 ? index : throw new SimulatorException(400, $"Unknown role '{nameOrId}'.");

    /// <summary>64 hex characters, the shape of Webex integration client ids and secrets; repeatable per seed.</summary>
    private static string HexSecret(int seed, int kind) =>
        Convert.ToHexStringLower(WebexId.DerivedUuid(seed, kind, 1).ToByteArray())
        + Convert.ToHexStringLower(WebexId.DerivedUuid(seed, kind, 2).ToByteArray());

    private static PersonType ParseType(string? type) => type switch
    {
        null or "person" => PersonType.Person,
        "bot" => PersonType.Bot,
        "appuser" => PersonType.AppUser,
        _ => throw new SimulatorException(400, $"type must be person, bot or appuser, not '{type}'."),
    };

    private static DateTimeOffset ParseTime(string? text, string field) =>
        WebexTime.TryParse(text, out var time) ? time : throw new SimulatorException(400, $"{field} must be an ISO-8601 time.");
}

/// <summary>Body of <c>POST /_sim/people</c>.</summary>
public sealed record NewPerson
{
    public string Email { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Type { get; init; }
    public IReadOnlyList<string>? Licenses { get; init; }
    public bool? InvitePending { get; init; }
    public bool? LoginEnabled { get; init; }
}
