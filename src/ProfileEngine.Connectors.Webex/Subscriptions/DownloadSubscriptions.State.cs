using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Persistence;
using ProfileEngine.Subscriptions;

namespace ProfileEngine.Connectors.Webex.Subscriptions;

/// <summary>What one run carries: the person filter, what turns people into rows, and the progress kept in the checkpoint.</summary>
public sealed partial class DownloadSubscriptions
{
    private sealed record PersonFilter(HashSet<string> Types, HashSet<string> SkipStatuses, bool SkipLoginDisabled, bool SkipInvitePending)
    {
        public bool Counts(Person person) =>
            Types.Contains(person.Type ?? "person")
            && (person.Status is null || !SkipStatuses.Contains(person.Status))
            && !(SkipLoginDisabled && person.LoginEnabled == false)
            && !(SkipInvitePending && person.InvitePending == true);
    }

    /// <summary>What turns people into rows: the profile's licenses with their models, the exclusion rules and the filter.</summary>
    private sealed record PageContext(
        DownloadTarget Target,
        Dictionary<string, ProfileLicense> Licenses,
        HashSet<string> ExcludedIdentifiers,
        HashSet<string> ExcludedUsers,
        PersonFilter Filter)
    {
        public static async Task<PageContext> LoadAsync(ProfileEngineDbContext db, DownloadTarget target, PersonFilter filter, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var licenses = await db.ProfileLicenses.AsNoTracking().Where(l => l.ProfileId == target.ProfileId)
                .ToDictionaryAsync(l => l.Identifier, StringComparer.Ordinal, cancellationToken);
            var identifiers = await db.SubscriptionIdentifierExclusions.AsNoTracking()
                .Where(r => r.Active && r.ProfileType == target.ProfileType).Select(r => r.Identifier).ToListAsync(cancellationToken);
            var users = await db.UserExclusions.AsNoTracking().Where(r => r.Active).ToListAsync(cancellationToken);
            return new PageContext(
                target,
                licenses,
                identifiers.ToHashSet(StringComparer.OrdinalIgnoreCase),
                users.Where(u => u.AppliesAt(now)).Select(u => u.UserPrincipalName).ToHashSet(StringComparer.OrdinalIgnoreCase),
                filter);
        }

        public (List<string> PersonIds, List<SubscriptionRow> Rows) Rows(IReadOnlyList<Person> people, RunState state)
        {
            var ids = new List<string>(people.Count);
            var rows = new List<SubscriptionRow>(people.Count * 2);
            foreach (var person in people)
            {
                ids.Add(person.Id);
                state.Fetched++;
                if (!Filter.Counts(person))
                {
                    state.Skipped++;
                    continue;
                }

                var upn = person.PrimaryEmail;
                var userExcluded = upn is not null && ExcludedUsers.Contains(upn);
                var roles = person.Roles.Count == 0 ? null : "," + string.Join(',', person.Roles) + ",";
                foreach (var identifier in person.Licenses.Distinct(StringComparer.Ordinal))
                {
                    Guid? model = null;
                    string? catalogKey = null;
                    if (Licenses.TryGetValue(identifier, out var license))
                    {
                        if (license.IsFree)
                        {
                            continue;
                        }

                        model = license.ModelId;
                        catalogKey = license.CatalogKey;
                    }

                    var excluded = userExcluded
                        || ExcludedIdentifiers.Contains(identifier)
                        || (catalogKey is not null && ExcludedIdentifiers.Contains(catalogKey));
                    rows.Add(new SubscriptionRow(
                        person.Id, identifier, upn, person.DisplayName, model, person.Created, person.InvitePending, person.LoginEnabled,
                        roles, person.Timezone, person.Type, person.Status, excluded));
                }
            }

            return (ids, rows);
        }
    }

    /// <summary>The run's progress, kept in the workflow checkpoint with each committed page.</summary>
    private sealed class RunState
    {
        public required string Mode { get; set; }

        public long Stamp { get; init; }

        public string? Next { get; set; }

        public bool PagesDone { get; set; }

        public bool Done { get; set; }

        /// <summary>Incremental: the newest lastModified applied. Full: the watermark before the run.</summary>
        public DateTimeOffset? Watermark { get; set; }

        /// <summary>Full: the newest lastModified seen in this run.</summary>
        public DateTimeOffset? FullWatermark { get; set; }

        public int Fetched { get; set; }

        public int Inserted { get; set; }

        public int Updated { get; set; }

        public int Unchanged { get; set; }

        public int Deactivated { get; set; }

        public int Skipped { get; set; }

        public int Pages { get; set; }

        public int Unrecognized { get; set; }

        public void Add(SubscriptionPagePlan plan)
        {
            Inserted += plan.Inserts.Count;
            Updated += plan.Updates.Count;
            Unchanged += plan.Unchanged.Count;
            Deactivated += plan.Deactivations.Count;
        }

        /// <summary>The checkpoint: the counts as reported, and where the run stands.</summary>
        public JsonObject ToJson()
        {
            var json = ToCounts();
            json["mode"] = Mode;
            json["stamp"] = Stamp;
            json["next"] = Next;
            json["pagesDone"] = PagesDone;
            json["done"] = Done;
            json["watermark"] = Watermark?.ToString("O", CultureInfo.InvariantCulture);
            json["fullWatermark"] = FullWatermark?.ToString("O", CultureInfo.InvariantCulture);
            return json;
        }

        public static RunState From(JsonObject json)
        {
            static DateTimeOffset? Time(JsonNode? node) =>
                node?.GetValue<string>() is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null;

            return new RunState
            {
                Mode = json["mode"]!.GetValue<string>(),
                Stamp = json["stamp"]!.GetValue<long>(),
                Next = json["next"]?.GetValue<string>(),
                PagesDone = json["pagesDone"]?.GetValue<bool>() ?? false,
                Done = json["done"]?.GetValue<bool>() ?? false,
                Watermark = Time(json["watermark"]),
                FullWatermark = Time(json["fullWatermark"]),
                Fetched = json["fetched"]?.GetValue<int>() ?? 0,
                Inserted = json["inserted"]?.GetValue<int>() ?? 0,
                Updated = json["updated"]?.GetValue<int>() ?? 0,
                Unchanged = json["unchanged"]?.GetValue<int>() ?? 0,
                Deactivated = json["deactivated"]?.GetValue<int>() ?? 0,
                Skipped = json["skipped"]?.GetValue<int>() ?? 0,
                Pages = json["pages"]?.GetValue<int>() ?? 0,
            };
        }

        public JsonObject ToCounts() => new()
        {
            ["fetched"] = Fetched,
            ["inserted"] = Inserted,
            ["updated"] = Updated,
            ["unchanged"] = Unchanged,
            ["deactivated"] = Deactivated,
            ["skipped"] = Skipped,
            ["unrecognized"] = Unrecognized,
            ["pages"] = Pages,
        };
    }
}
