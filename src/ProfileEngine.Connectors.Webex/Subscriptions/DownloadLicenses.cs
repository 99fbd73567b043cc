using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connections;
using ProfileEngine.Connectors.Webex.Connections;
using ProfileEngine.Persistence;
using ProfileEngine.Subscriptions;
using ProfileEngine.Workflows.Activities;

namespace ProfileEngine.Connectors.Webex.Subscriptions;

/// <summary>
/// Download Subscriptions, step 1: the org's licenses (<c>GET /v1/licenses</c>, one call). Each license the catalog
/// recognizes gets its software model (created on first sight); the others go to Unrecognized Subscription
/// Identifiers, keeping any model an admin mapped. Licenses the vendor no longer lists are marked inactive.
/// Everything commits in one transaction.
/// </summary>
[Activity("ProfileEngine.Webex.DownloadLicenses", Description = "Downloads the Webex licenses of a profile into software models and unrecognized identifiers.")]
public sealed class DownloadLicenses(
    IDbContextFactory<ProfileEngineDbContext> dbFactory,
    ConnectedWebexClients clients,
    ProductCatalogSource catalogs) : WorkflowActivity
{
    [Input(Required = true, Description = "The integration profile.")]
    public Input<Guid> ProfileId { get; } = new();

    [Output(Description = "How many licenses the vendor listed.")]
    public Output<int> Licenses { get; } = new();

    [Output(Description = "How many of them no catalog entry recognized and no admin mapped.")]
    public Output<int> Unrecognized { get; } = new();

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var catalog = catalogs.Catalog;
        var profileId = ProfileId.Get();
        DownloadTarget target;
        await using (var read = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            target = await DownloadTarget.FindAsync(read, profileId, cancellationToken);
        }

        var client = await clients.CreateAsync(target.AliasName, cancellationToken);
        var licenses = await client.ListLicensesAsync(cancellationToken: cancellationToken);
        var duplicate = licenses.GroupBy(l => l.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Webex listed the license {duplicate.Key} {duplicate.Count()} times; nothing was saved.");
        }

        var now = context.Clock.GetUtcNow();
        var unrecognized = 0;
        await context.SaveCheckpointAsync<ProfileEngineDbContext>(null, async (engine, ct) =>
        {
            var known = await engine.ProfileLicenses.Where(l => l.ProfileId == profileId).ToDictionaryAsync(l => l.Identifier, StringComparer.Ordinal, ct);
            var unknown = await engine.UnrecognizedSubscriptionIdentifiers.Where(u => u.ProfileId == profileId).ToDictionaryAsync(u => u.Identifier, StringComparer.Ordinal, ct);
            var models = await engine.SoftwareModels.Where(m => m.Publisher == catalog.Publisher).ToListAsync(ct);
            var mappedModels = await engine.SoftwareModels
                .Where(m => engine.UnrecognizedSubscriptionIdentifiers.Any(u => u.ProfileId == profileId && u.MappedModelId == m.Id))
                .ToDictionaryAsync(m => m.Id, ct);
            foreach (var license in licenses)
            {
                if (!known.TryGetValue(license.Id, out var row))
                {
                    row = new ProfileLicense { ProfileId = profileId, Identifier = license.Id, FirstSeenAt = now };
                    engine.ProfileLicenses.Add(row);
                    known[license.Id] = row;
                }

                row.Name = license.Name;
                row.TotalUnits = license.TotalUnits;
                row.ConsumedUnits = license.ConsumedUnits;
                row.VendorSubscriptionId = license.SubscriptionId;
                row.SiteUrl = license.SiteUrl;
                row.Active = true;
                row.LastSeenAt = now;
                if (catalog.Match(license.Id, license.Name) is { } entry)
                {
                    var edition = entry.EditionFor(license.SiteUrl);
                    var model = models.FirstOrDefault(m => m.Product == entry.Product && m.Edition == edition);
                    if (model is null)
                    {
                        model = new SoftwareModel
                        {
                            Id = Guid.CreateVersion7(now),
                            ProfileType = catalog.ProfileType,
                            Publisher = catalog.Publisher,
                            Product = entry.Product,
                            Edition = edition,
                            CatalogKey = entry.Key,
                            SiteUrl = entry.PerSite ? license.SiteUrl : null,
                            CreatedAt = now,
                        };
                        engine.SoftwareModels.Add(model);
                        models.Add(model);
                    }

                    model.IsFree = entry.Free;
                    model.UnitPrice = entry.Free ? null : entry.UnitPrice ?? model.UnitPrice;
                    model.UpdatedAt = now;
                    row.CatalogKey = entry.Key;
                    row.ModelId = model.Id;
                    row.IsFree = entry.Free;
                    if (unknown.Remove(license.Id, out var stale) && stale.MappedModelId is null)
                    {
                        // The catalog learned it since: it is no longer unrecognized.
                        engine.UnrecognizedSubscriptionIdentifiers.Remove(stale);
                    }
                }
                else
                {
                    if (!unknown.TryGetValue(license.Id, out var entryRow))
                    {
                        entryRow = new UnrecognizedSubscriptionIdentifier { ProfileId = profileId, Identifier = license.Id, FirstSeenAt = now };
                        engine.UnrecognizedSubscriptionIdentifiers.Add(entryRow);
                        unknown[license.Id] = entryRow;
                    }

                    entryRow.Name = license.Name;
                    entryRow.LastSeenAt = now;
                    row.CatalogKey = null;
                    row.ModelId = entryRow.MappedModelId;
                    row.IsFree = entryRow.MappedModelId is { } mapped && mappedModels.TryGetValue(mapped, out var mappedModel) && mappedModel.IsFree;
                    if (entryRow.MappedModelId is null)
                    {
                        unrecognized++;
                    }
                }
            }

            var listed = licenses.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in known.Values.Where(l => l.Active && !listed.Contains(l.Identifier)))
            {
                gone.Active = false;
            }
        }, cancellationToken);

        context.Log($"{licenses.Count} license(s), {unrecognized} unrecognized");
        Licenses.Set(licenses.Count);
        Unrecognized.Set(unrecognized);
        return ActivityResult.Done();
    }
}
