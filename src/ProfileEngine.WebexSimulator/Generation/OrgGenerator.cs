using System.Globalization;
using System.Runtime.InteropServices;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.WebexSimulator.Generation;

/// <summary>
/// Builds a whole org from a seed: people, the license catalog and assignments, and an activity history
/// over the last <see cref="SimulatorOptions.ActivityDays"/> days ending at <c>now</c>.
/// Same seed and same <c>now</c> give the same org.
/// </summary>
public static class OrgGenerator
{
    public const int MeetingsLicense = 0;
    public const int CallingLicense = 1;
    public const int AdvancedMessagingLicense = 2;
    public const int BasicMessagingLicense = 3;
    public const int ScreenShareLicense = 4;
    public const int TrainingLicense = 5;
    public const int EventsLicense = 6;
    public const int SupportLicense = 7;

    // Training/Events/Support licenses and sessions draw from their own random sequence, so adding them left every
    // other generated person, license and activity as it was for the same seed.
    private const int CenterSeedSalt = 0x5E551075;
    private const double CenterLicenseShare = 0.06;

    public const int FullAdministrator = 0;
    public const int ComplianceOfficer = 1;
    public const int UserAdministrator = 2;
    public const int ReadOnlyAdministrator = 3;

    private const double NeverActiveShare = 0.06;

    // Share of people and days-ago range of their last activity, after the "never" share: today, 1-29, 30-59,
    // 60-89, 90-119 and 120-400 days ago (the last bucket takes whatever share is left).
    private static readonly (double Share, double FromDays, double ToDays)[] Buckets =
    [
        (0.26, 0, 0), (0.20, 1, 29), (0.12, 30, 59), (0.10, 60, 89), (0.10, 90, 119), (0.16, 120, 400),
    ];

    public static OrgData Generate(SimulatorOptions options, DateTimeOffset now)
    {
        now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var random = new Random(options.Seed);
        var centers = new Random(options.Seed ^ CenterSeedSalt);
        var company = NameData.Companies[Math.Abs(options.Seed) % NameData.Companies.Length];
        var slug = company.ToLowerInvariant() + options.Seed.ToString(CultureInfo.InvariantCulture);
        var orgUuid = WebexId.RandomUuid(random);
        var siteUrl = slug + ".webex.com";
        var roles = new Role[]
        {
            new(WebexId.Encode("ROLE", "id_full_admin"), "Full Administrator", "id_full_admin"),
            new(WebexId.Encode("ROLE", "id_compliance_officer"), "Compliance Officer", "id_compliance_officer"),
            new(WebexId.Encode("ROLE", "id_user_admin"), "User Administrator", "id_user_admin"),
            new(WebexId.Encode("ROLE", "id_readonly_admin"), "Read-only Administrator", "id_readonly_admin"),
        };
        var org = new OrgData
        {
            Seed = options.Seed,
            OrgUuid = orgUuid,
            OrgId = WebexId.Encode("ORGANIZATION", orgUuid),
            Name = company + " Corp",
            Domain = slug + ".example.com",
            SiteUrl = siteUrl,
            Created = now.AddDays(-2000),
            Licenses = [.. BuildCatalog(random, orgUuid, siteUrl, options.Users), .. BuildCenterLicenses(centers, orgUuid, siteUrl, options.Users)],
            Roles = roles,
        };
        foreach (var license in org.Licenses)
        {
            org.LicensesById[license.Id] = license;
        }

        var history = new HistoryBuilder(options, org, random, now);
        for (var i = 0; i < options.Users; i++)
        {
            org.Add(history.NewPerson(i));
        }

        history.GenerateActivity();
        history.GenerateCenterSessions(centers);
        return org;
    }

    private static License[] BuildCatalog(Random random, Guid orgUuid, string siteUrl, int users) =>
    [
        MakeLicense(random, orgUuid, users, MeetingsLicense, "EE", "Webex Meetings Suite", 0.85, free: false, site: siteUrl),
        MakeLicense(random, orgUuid, users, CallingLicense, "BCSTD", "Webex Calling - Professional", 0.35, free: false),
        MakeLicense(random, orgUuid, users, AdvancedMessagingLicense, "MS", "Advanced Messaging", 0.25, free: false),
        MakeLicense(random, orgUuid, users, BasicMessagingLicense, "FMS", "Basic Messaging", 1, free: true),
        MakeLicense(random, orgUuid, users, ScreenShareLicense, "SS", "Free screen share", 1, free: true, isImplicit: true),
    ];

    private static License[] BuildCenterLicenses(Random random, Guid orgUuid, string siteUrl, int users) =>
    [
        MakeLicense(random, orgUuid, users, TrainingLicense, "TC", "Training Center", CenterLicenseShare, free: false, site: siteUrl),
        MakeLicense(random, orgUuid, users, EventsLicense, "EC", "Event Center", CenterLicenseShare, free: false, site: siteUrl),
        MakeLicense(random, orgUuid, users, SupportLicense, "SC", "Support Center", CenterLicenseShare, free: false, site: siteUrl),
    ];

    private static License MakeLicense(Random random, Guid orgUuid, int users, int index, string offer, string name, double share, bool free, string? site = null, bool isImplicit = false)
    {
        var uuid = WebexId.RandomUuid(random);
        var value = $"{orgUuid}:{offer}_{uuid}" + (site is null ? "" : "_" + site);
        return new License
        {
            Index = index,
            Id = WebexId.Encode("LICENSE", value),
            Name = name,
            TotalUnits = free ? 0 : (int)Math.Ceiling(Math.Max(users, 10) * share * 1.1),
            SubscriptionId = free ? null : "Sub" + random.Next(100000, 999999).ToString(CultureInfo.InvariantCulture),
            SiteUrl = site,
            SiteType = site is null ? null : "Control Hub managed site",
            Implicit = isImplicit,
        };
    }

    /// <summary>Person creation and the activity history, sharing one seeded random sequence.</summary>
    private sealed class HistoryBuilder(SimulatorOptions options, OrgData org, Random random, DateTimeOffset now)
    {
        private readonly DateTimeOffset windowStart = now.AddDays(-options.ActivityDays);
        private readonly List<int> activeToday = [];

        public Person NewPerson(int ordinal)
        {
            var first = NameData.FirstNames[random.Next(NameData.FirstNames.Length)];
            var last = NameData.LastNames[random.Next(NameData.LastNames.Length)];
            var isAdmin = ordinal is 0 or 1;
            var roll = random.NextDouble();
            var type = isAdmin ? PersonType.Person : roll < 0.01 ? PersonType.Bot : roll < 0.02 ? PersonType.AppUser : PersonType.Person;
            var number = ordinal.ToString(CultureInfo.InvariantCulture);
            var (email, displayName) = type switch
            {
                PersonType.Bot => ($"{first.ToLowerInvariant()}-helper-{number}@webex.bot", $"{first} Helper Bot"),
                PersonType.AppUser => ($"app-{number}@{org.Domain}", $"{last} Integration App"),
                _ when ordinal == 0 => ($"admin@{org.Domain}", $"{first} {last}"),
                _ when ordinal == 1 => ($"admin2@{org.Domain}", $"{first} {last}"),
                _ => ($"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}.{number}@{org.Domain}", $"{first} {last}"),
            };
            var invitePending = !isAdmin && type == PersonType.Person && random.NextDouble() < 0.05;
            var loginEnabled = isAdmin || random.NextDouble() >= 0.03;
            var lastActivity = isAdmin ? now.AddMinutes(-random.Next(5, 240)) : invitePending ? (DateTimeOffset?)null : PickLastActivity();
            var created = invitePending
                ? now.AddDays(-random.Next(1, 60))
                : (lastActivity ?? now).AddDays(-random.Next(20, 900)).AddSeconds(-random.Next(86400));
            created = Millis(created);
            var uuid = WebexId.RandomUuid(random);
            var person = new Person
            {
                Ordinal = ordinal,
                Uuid = uuid,
                Id = WebexId.Encode("PEOPLE", uuid),
                Email = email,
                DisplayName = displayName,
                FirstName = type == PersonType.Person ? first : null,
                LastName = type == PersonType.Person ? last : null,
                Type = type,
                InvitePending = invitePending,
                LoginEnabled = loginEnabled,
                Created = created,
                LastModified = Millis(created + ((now - created) * random.NextDouble())),
                LastActivity = lastActivity is null ? null : Millis(lastActivity.Value),
                Timezone = random.NextDouble() < 0.7 ? NameData.Timezones[random.Next(NameData.Timezones.Length)] : null,
                Title = type == PersonType.Person && random.NextDouble() < 0.6 ? NameData.Titles[random.Next(NameData.Titles.Length)] : null,
                Department = type == PersonType.Person && random.NextDouble() < 0.6 ? NameData.Departments[random.Next(NameData.Departments.Length)] : null,
            };
            var workPhone = type == PersonType.Person && random.NextDouble() < 0.4 ? "+1 408 555 " + random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture) : null;
            person.PhoneNumbers = type == PersonType.Person ? PhoneNumberGenerator.For(options.Seed, ordinal, workPhone) : [];
            person.RoleIndexes = ordinal switch
            {
                0 => [FullAdministrator, ComplianceOfficer],
                1 => [FullAdministrator],
                _ when type == PersonType.Person && random.NextDouble() < 0.005 => [random.NextDouble() < 0.5 ? UserAdministrator : ReadOnlyAdministrator],
                _ => [],
            };
            if (type == PersonType.Person)
            {
                var bits = (1UL << BasicMessagingLicense) | (1UL << ScreenShareLicense);
                bits |= random.NextDouble() < 0.85 ? 1UL << MeetingsLicense : 0;
                bits |= random.NextDouble() < 0.35 ? 1UL << CallingLicense : 0;
                bits |= random.NextDouble() < 0.25 ? 1UL << AdvancedMessagingLicense : 0;
                person.LicenseBits = bits;
            }

            if (lastActivity is { } la && now - la < TimeSpan.FromDays(1) && type == PersonType.Person)
            {
                activeToday.Add(ordinal);
            }

            return person;
        }

        private DateTimeOffset? PickLastActivity()
        {
            var roll = random.NextDouble();
            if (roll < NeverActiveShare)
            {
                return null;
            }

            roll -= NeverActiveShare;
            for (var i = 0; i < Buckets.Length; i++)
            {
                var (share, fromDays, toDays) = Buckets[i];
                if (roll < share || i == Buckets.Length - 1)
                {
                    return fromDays == 0
                        ? now.AddSeconds(-random.Next(60, 8 * 3600))
                        : now.AddDays(-(fromDays + (random.NextDouble() * (toDays - fromDays + 1))));
                }

                roll -= share;
            }

            return null;
        }

        public void GenerateActivity()
        {
            var people = org.AllPeople;
            var expected = (int)Math.Min(int.MaxValue / 2, (long)people.Count * options.EventsPerActiveUserPer60Days * options.ActivityDays / 60);
            var events = new List<ComplianceEvent>(expected);
            var meetings = new List<Meeting>();
            var audits = new List<AdminAuditEvent>();
            foreach (var person in people)
            {
                if (person.LastActivity is not { } last || last < windowStart)
                {
                    continue;
                }

                var spanStart = person.Created > windowStart ? person.Created : windowStart;
                var spanDays = Math.Max(1, (last - spanStart).TotalDays);
                var count = Math.Max(1, (int)Math.Round(options.EventsPerActiveUserPer60Days * spanDays / 60 * (0.5 + random.NextDouble())));
                for (var n = 0; n < count; n++)
                {
                    var at = n == count - 1 ? last : Millis(spanStart + ((last - spanStart) * random.NextDouble()));
                    AddActivity(person, at, events, meetings);
                }

                if (person.RoleIndexes.Count > 0)
                {
                    AddAdminHistory(person, spanStart, last, audits);
                }
            }

            SortAndNumber(events, meetings, audits);
        }

        /// <summary>
        /// Gives some people Training, Events or Support licenses and, to those active in the window, sessions they
        /// hosted between the start of the window and their last activity (so no one's last activity moves).
        /// </summary>
        public void GenerateCenterSessions(Random centers)
        {
            (int License, SessionService Service)[] kinds =
                [(TrainingLicense, SessionService.TrainingCenter), (EventsLicense, SessionService.EventCenter), (SupportLicense, SessionService.SupportCenter)];
            var sessions = new List<HostedSession>();
            foreach (var person in org.AllPeople)
            {
                if (person.Type != PersonType.Person)
                {
                    continue;
                }

                foreach (var (license, service) in kinds)
                {
                    if (centers.NextDouble() >= CenterLicenseShare)
                    {
                        continue;
                    }

                    person.LicenseBits |= 1UL << license;
                    if (person.LastActivity is not { } last || last < windowStart)
                    {
                        continue;
                    }

                    var spanStart = person.Created > windowStart ? person.Created : windowStart;
                    for (var n = centers.Next(1, 4); n > 0; n--)
                    {
                        var at = Millis(spanStart + ((last - spanStart) * centers.NextDouble()));
                        sessions.Add(new HostedSession(at.UtcTicks, 0, person.Ordinal, centers.Next(30, 121), service, centers.Next(1, 40)));
                    }
                }
            }

            sessions.Sort((a, b) => a.StartTicks.CompareTo(b.StartTicks) is var c && c != 0 ? c : a.Host.CompareTo(b.Host));
            foreach (var session in sessions)
            {
                org.Sessions.Add(session with { Sequence = org.Sessions.Count });
            }
        }

        private void AddActivity(Person person, DateTimeOffset at, List<ComplianceEvent> events, List<Meeting> meetings)
        {
            var roll = random.NextDouble();
            if (roll < 0.85 || person.Type != PersonType.Person)
            {
                var resource = roll switch
                {
                    < 0.55 => EventResource.Messages,
                    < 0.65 => EventResource.Files,
                    < 0.75 => EventResource.Memberships,
                    < 0.85 when person.Holds(CallingLicense) => EventResource.CallRecords,
                    _ => EventResource.Messages,
                };
                events.Add(new ComplianceEvent(at.UtcTicks, 0, person.Ordinal, random.Next(1, 50000), resource));
                return;
            }

            if (roll < 0.93 && person.Holds(MeetingsLicense))
            {
                meetings.Add(new Meeting(at.UtcTicks, 0, person.Ordinal, random.Next(15, 91), PickAttendees(person.Ordinal, at)));
                return;
            }

            var host = activeToday.Count > 0 ? activeToday[random.Next(activeToday.Count)] : person.Ordinal;
            if (host == person.Ordinal)
            {
                events.Add(new ComplianceEvent(at.UtcTicks, 0, person.Ordinal, random.Next(1, 50000), EventResource.Messages));
                return;
            }

            org.AllPeople[host].Touch(at);
            meetings.Add(new Meeting(at.UtcTicks, 0, host, random.Next(15, 91), [person.Ordinal]));
        }

        // Attendees of generated hosted meetings come from people active today, so joining never
        // moves anyone's last activity out of its bucket.
        private int[] PickAttendees(int host, DateTimeOffset at)
        {
            var count = Math.Min(random.Next(0, 4), activeToday.Count);
            var attendees = new List<int>(count);
            for (var i = 0; i < count; i++)
            {
                var candidate = activeToday[random.Next(activeToday.Count)];
                if (candidate != host && !attendees.Contains(candidate))
                {
                    attendees.Add(candidate);
                    org.AllPeople[candidate].Touch(at);
                }
            }

            return [.. attendees];
        }

        private void AddAdminHistory(Person admin, DateTimeOffset from, DateTimeOffset last, List<AdminAuditEvent> audits)
        {
            for (var at = last; at >= from; at = Millis(at.AddHours(-random.Next(24, 96))))
            {
                audits.Add(new AdminAuditEvent(at.UtcTicks, 0, admin.Ordinal, admin.Ordinal, AuditCategory.Logins));
                if (random.NextDouble() < 0.3 && at.AddMinutes(10) <= last)
                {
                    var target = random.Next(org.AllPeople.Count);
                    var category = random.NextDouble() < 0.5 ? AuditCategory.Users : AuditCategory.Licenses;
                    audits.Add(new AdminAuditEvent(Millis(at.AddMinutes(random.Next(1, 10))).UtcTicks, 0, admin.Ordinal, target, category));
                }
            }
        }

        private void SortAndNumber(List<ComplianceEvent> events, List<Meeting> meetings, List<AdminAuditEvent> audits)
        {
            var eventSpan = CollectionsMarshal.AsSpan(events);
            var keys = new long[eventSpan.Length];
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i] = eventSpan[i].Ticks;
            }

            var order = new int[keys.Length];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            Array.Sort(keys, order);
            foreach (var index in order)
            {
                org.Events.Add(eventSpan[index] with { Sequence = org.Events.Count });
            }

            meetings.Sort((a, b) => a.StartTicks.CompareTo(b.StartTicks) is var c && c != 0 ? c : a.Host.CompareTo(b.Host));
            foreach (var meeting in meetings)
            {
                org.Meetings.Add(meeting with { Sequence = org.Meetings.Count });
            }

            audits.Sort((a, b) => a.Ticks.CompareTo(b.Ticks) is var c && c != 0 ? c : a.Actor.CompareTo(b.Actor));
            foreach (var audit in audits)
            {
                org.AuditEvents.Add(audit with { Sequence = org.AuditEvents.Count });
            }
        }
    }

    private static DateTimeOffset Millis(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
