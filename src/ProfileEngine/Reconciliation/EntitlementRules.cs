using Microsoft.EntityFrameworkCore;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;

namespace ProfileEngine.Reconciliation;

/// <summary>What an admin sees of an entitlement, with its yearly price per right and whether it is in force now.</summary>
public sealed record EntitlementView(
    Guid Id, Guid ModelId, string ModelName, string Name, int RightsOwned, decimal UnitPrice, string Currency, string Term,
    decimal AnnualUnitPrice, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, bool InForce, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
{
    public static EntitlementView From(Entitlement entitlement, string modelName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entitlement);
        return new(entitlement.Id, entitlement.ModelId, modelName, entitlement.Name, entitlement.RightsOwned, entitlement.UnitPrice,
            entitlement.Currency, entitlement.Term.ToString(), entitlement.AnnualUnitPrice, entitlement.StartsAt, entitlement.EndsAt,
            entitlement.IsInForceAt(now), entitlement.CreatedAt, entitlement.UpdatedAt, entitlement.Version);
    }
}

/// <summary>The fields an admin sets on an entitlement, shared by create and update.</summary>
public interface IEntitlementFields
{
    Guid ModelId { get; }

    string Name { get; }

    int RightsOwned { get; }

    decimal UnitPrice { get; }

    string Currency { get; }

    EntitlementTerm Term { get; }

    DateTimeOffset? StartsAt { get; }

    DateTimeOffset? EndsAt { get; }
}

/// <summary>The checks and lookups the entitlement commands share.</summary>
internal static class EntitlementRules
{
    public const int MaxNameLength = 200;

    /// <param name="entitlementId">The entitlement being changed (its own currency does not count as a conflict); null on create.</param>
    public static async Task ValidateAsync(
        IEntitlementFields fields, Guid? entitlementId, ProfileEngineDbContext db, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (!errors.Required(nameof(fields.Name), fields.Name) && fields.Name.Trim().Length > MaxNameLength)
        {
            errors.Add(nameof(fields.Name), $"Name must be at most {MaxNameLength} characters.");
        }

        if (fields.RightsOwned < 0)
        {
            errors.Add(nameof(fields.RightsOwned), "RightsOwned must not be negative.");
        }

        if (fields.UnitPrice < 0)
        {
            errors.Add(nameof(fields.UnitPrice), "UnitPrice must not be negative.");
        }

        var currencyIsCode = IsCurrencyCode(fields.Currency);
        if (!currencyIsCode)
        {
            errors.Add(nameof(fields.Currency), $"Currency '{fields.Currency}' is not a three-letter upper-case ISO 4217 code such as USD or EUR.");
        }

        if (!Enum.IsDefined(fields.Term))
        {
            errors.Add(nameof(fields.Term), $"Term must be one of {string.Join(", ", Enum.GetNames<EntitlementTerm>())}.");
        }

        if (fields.StartsAt is { } starts && fields.EndsAt is { } ends && ends <= starts)
        {
            errors.Add(nameof(fields.EndsAt), "EndsAt must be after StartsAt.");
        }

        if (fields.ModelId == Guid.Empty)
        {
            errors.Add(nameof(fields.ModelId), "ModelId is required.");
            return;
        }

        var model = await db.SoftwareModels.AsNoTracking().SingleOrDefaultAsync(m => m.Id == fields.ModelId, cancellationToken);
        if (model is null)
        {
            errors.Add(nameof(fields.ModelId), $"There is no software model {fields.ModelId}.");
            return;
        }

        if (model.IsFree && fields.UnitPrice > 0)
        {
            errors.Add(nameof(fields.UnitPrice),
                $"'{model.DisplayName}' is a free model: free licenses are never priced, so its entitlements must have a UnitPrice of 0.");
        }

        var ownId = entitlementId ?? Guid.Empty;
        var otherCurrencies = await db.Entitlements.AsNoTracking()
            .Where(e => e.ModelId == fields.ModelId && e.Id != ownId && e.Currency != fields.Currency)
            .Select(e => e.Currency).Distinct().ToListAsync(cancellationToken);
        if (currencyIsCode && otherCurrencies.Count > 0)
        {
            // ModelPrices averages a model's entitlements into one price per right; that needs one currency.
            errors.Add(nameof(fields.Currency),
                $"The other entitlements of '{model.DisplayName}' are priced in {string.Join(", ", otherCurrencies.Order(StringComparer.Ordinal))}; " +
                "all entitlements of one model must use the same currency.");
        }
    }

    public static bool IsCurrencyCode(string? currency) => currency is { Length: 3 } && currency.All(char.IsAsciiLetterUpper);

    public static void Apply(IEntitlementFields fields, Entitlement entitlement)
    {
        entitlement.ModelId = fields.ModelId;
        entitlement.Name = fields.Name.Trim();
        entitlement.RightsOwned = fields.RightsOwned;
        entitlement.UnitPrice = fields.UnitPrice;
        entitlement.Currency = fields.Currency;
        entitlement.Term = fields.Term;
        entitlement.StartsAt = fields.StartsAt;
        entitlement.EndsAt = fields.EndsAt;
    }

    /// <summary>Loads an entitlement to change it: a missing one is 404, a stale version a conflict.</summary>
    public static async Task<Entitlement> FindCurrentAsync(
        ProfileEngineDbContext db, Guid entitlementId, int version, string requestName, CancellationToken cancellationToken)
    {
        var entitlement = await db.Entitlements.SingleOrDefaultAsync(e => e.Id == entitlementId, cancellationToken)
            ?? throw new RequestNotFoundException(requestName, "EntitlementId", $"There is no entitlement {entitlementId}.");
        return entitlement.Version == version
            ? entitlement
            : throw new RequestConflictException(requestName, "Version",
                $"The entitlement '{entitlement.Name}' was changed by someone else since you read it (you sent version {version}, " +
                $"it is now at version {entitlement.Version}); read it again and repeat your change.");
    }

    /// <summary>The save found the row changed under it: someone else saved in between.</summary>
    public static RequestConflictException ChangedMeanwhile(string requestName, Entitlement entitlement) =>
        new(requestName, "Version", $"The entitlement '{entitlement.Name}' was changed by someone else at the same time; read it again and repeat your change.");

    public static async Task<EntitlementView> ViewAsync(ProfileEngineDbContext db, Entitlement entitlement, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var model = await db.SoftwareModels.AsNoTracking().SingleAsync(m => m.Id == entitlement.ModelId, cancellationToken);
        return EntitlementView.From(entitlement, model.DisplayName, now);
    }
}
