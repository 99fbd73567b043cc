using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ProfileEngine.Connections;
using ProfileEngine.Connectors;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Workflows.Loading;

namespace ProfileEngine.Profiles;

/// <summary>
/// The field rules Create and Update share: the display name, the 90-day look-back, the connection alias that fits
/// the check boxes, and subflow bindings to published definitions only.
/// </summary>
public static class IntegrationProfileRules
{
    public const int MaxDisplayNameLength = 100;
    public const int MaxDefinitionIdLength = 200;

    /// <summary>
    /// Activity analysis starts at most 90 days back, as far as vendors serve activity history; a profile that leaves
    /// it empty reads all 90 days.
    /// </summary>
    public static readonly TimeSpan MaxLookBack = TimeSpan.FromDays(90);

    /// <summary>The profile's editable fields, as Create and Update carry them.</summary>
    public interface IProfileFields
    {
        string DisplayName { get; }

        bool DownloadSubscriptions { get; }

        bool DownloadActivity { get; }

        bool ReclaimSubscriptions { get; }

        DateTimeOffset? AnalyzeUserActivityFrom { get; }

        /// <summary>Null: the parent alias the check boxes choose.</summary>
        string? ConnectionAlias { get; }

        /// <summary>Null: the connector's default subflow.</summary>
        string? DownloadSubflow { get; }

        string? ActivitySubflow { get; }

        string? ReclaimSubflow { get; }

        /// <summary>Null: keep (or, for a new profile, use the connector's defaults).</summary>
        IReadOnlyDictionary<string, string>? ConnectorSettings { get; }
    }

    /// <summary>Checks every field; returns the alias the profile will use when the alias field is fine.</summary>
    public static async Task<ConnectionAlias?> ValidateFieldsAsync(
        IProfileFields request,
        IntegrationProfile? current,
        VendorConnector connector,
        ProfileEngineDbContext db,
        WorkflowDefinitionStore definitions,
        TimeProvider clock,
        ValidationErrors errors,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(errors);
        await ValidateDisplayNameAsync(request.DisplayName, current?.Id, db, errors, cancellationToken);
        if (!request.DownloadSubscriptions)
        {
            errors.Add(nameof(IProfileFields.DownloadSubscriptions), "Download subscriptions is always on for an integration profile and cannot be turned off.");
        }

        ValidateLookBack(request.AnalyzeUserActivityFrom, current?.AnalyzeUserActivityFrom, clock.GetUtcNow(), errors);
        await ValidateBindingAsync(nameof(IProfileFields.DownloadSubflow), request.DownloadSubflow, current?.DownloadSubflow ?? connector.DefaultSubflows.Download, definitions, errors, cancellationToken);
        await ValidateBindingAsync(nameof(IProfileFields.ActivitySubflow), request.ActivitySubflow, current?.ActivitySubflow ?? connector.DefaultSubflows.Activity, definitions, errors, cancellationToken);
        await ValidateBindingAsync(nameof(IProfileFields.ReclaimSubflow), request.ReclaimSubflow, current?.ReclaimSubflow ?? connector.DefaultSubflows.Reclaim, definitions, errors, cancellationToken);
        if (request.ConnectorSettings is { } settings)
        {
            ConnectorSettings.Validate(connector, settings, nameof(IProfileFields.ConnectorSettings), errors);
        }

        return await ResolveAliasAsync(request, current?.ConnectionAlias, connector, db, errors, cancellationToken);
    }

    /// <summary>
    /// The alias a save asks for: the one named; otherwise a child alias the profile already uses; otherwise the
    /// parent alias the check boxes choose (ServiceNow picks it from the boxes).
    /// </summary>
    public static string AliasNameFor(IProfileFields request, ConnectionAlias? currentAlias, VendorConnector connector)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(connector);
        return request.ConnectionAlias
            ?? (currentAlias is { IsParent: false } child ? child.Name : connector.Aliases.ParentFor(request.DownloadActivity, request.ReclaimSubscriptions));
    }

    private static async Task ValidateDisplayNameAsync(string? name, Guid? currentId, ProfileEngineDbContext db, ValidationErrors errors, CancellationToken cancellationToken)
    {
        const string field = nameof(IProfileFields.DisplayName);
        if (errors.Required(field, name))
        {
            return;
        }

        var trimmed = name!.Trim();
        if (trimmed.Length > MaxDisplayNameLength)
        {
            errors.Add(field, $"DisplayName may be at most {MaxDisplayNameLength} characters.");
        }
        else if (trimmed.Any(char.IsControl))
        {
            errors.Add(field, "DisplayName must not contain control characters.");
        }
        else
        {
            var normalized = IntegrationProfile.Normalize(trimmed);
            if (await db.IntegrationProfiles.AnyAsync(p => p.NormalizedDisplayName == normalized && p.Id != currentId, cancellationToken))
            {
                errors.Add(field, $"A profile named '{trimmed}' already exists; its scheduled jobs would carry the same names.");
            }
        }
    }

    /// <summary>
    /// At most 90 days before now and not in the future. An unchanged value is not re-checked on update: it was
    /// valid when set, and the window moves on with the clock.
    /// </summary>
    private static void ValidateLookBack(DateTimeOffset? value, DateTimeOffset? current, DateTimeOffset now, ValidationErrors errors)
    {
        const string field = nameof(IProfileFields.AnalyzeUserActivityFrom);
        if (value is not { } from || from == current)
        {
            return;
        }

        if (from > now)
        {
            errors.Add(field, $"AnalyzeUserActivityFrom ({from:O}) is in the future; it must be between {now - MaxLookBack:O} and now ({now:O}).");
        }
        else if (from < now - MaxLookBack)
        {
            errors.Add(field, $"AnalyzeUserActivityFrom ({from:O}) is more than {MaxLookBack.TotalDays:0} days before now; the earliest allowed is {now - MaxLookBack:O}.");
        }
    }

    /// <summary>A binding that changes must name a published definition; an unchanged one (or the default) is checked at Publish.</summary>
    private static async Task ValidateBindingAsync(
        string field, string? requested, string current, WorkflowDefinitionStore definitions, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var definitionId = requested ?? current;
        if (requested is not null && string.IsNullOrWhiteSpace(requested))
        {
            errors.Add(field, $"{field} must name a workflow definition, or be left out for the default.");
            return;
        }

        if (definitionId.Length > MaxDefinitionIdLength)
        {
            errors.Add(field, $"{field} may be at most {MaxDefinitionIdLength} characters.");
            return;
        }

        if (!string.Equals(definitionId, current, StringComparison.Ordinal))
        {
            var problem = await BindingProblemAsync(definitionId, definitions, cancellationToken);
            if (problem is not null)
            {
                errors.Add(field, problem);
            }
        }
    }

    /// <summary>Null when <paramref name="definitionId"/> has a published version; otherwise why it cannot be bound.</summary>
    public static async Task<string?> BindingProblemAsync(string definitionId, WorkflowDefinitionStore definitions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        if (await definitions.FindPublishedAsync(definitionId, cancellationToken) is not null)
        {
            return null;
        }

        var versions = await definitions.ListVersionsAsync(definitionId, cancellationToken);
        return versions.Count == 0
            ? $"There is no workflow definition '{definitionId}'."
            : $"The workflow definition '{definitionId}' has no published version; publish it before binding it.";
    }

    /// <summary>
    /// The alias the check boxes choose (ServiceNow's table), or the named one when it is that parent or a child of
    /// it. A child of another parent would connect with the wrong scopes.
    /// </summary>
    private static async Task<ConnectionAlias?> ResolveAliasAsync(
        IProfileFields request, ConnectionAlias? currentAlias, VendorConnector connector, ProfileEngineDbContext db, ValidationErrors errors, CancellationToken cancellationToken)
    {
        const string field = nameof(IProfileFields.ConnectionAlias);
        var wanted = connector.Aliases.ParentFor(request.DownloadActivity, request.ReclaimSubscriptions);
        var name = AliasNameFor(request, currentAlias, connector);
        var alias = await db.FindAliasAsync(name, cancellationToken);
        if (alias is null)
        {
            errors.Add(field, $"There is no connection alias named '{name}'.");
            return null;
        }

        var parentName = alias.ParentAlias?.Name ?? alias.Name;
        if (!string.Equals(parentName, wanted, StringComparison.Ordinal))
        {
            errors.Add(field, alias.IsParent
                ? $"With Download activity {OnOff(request.DownloadActivity)} and Reclaim subscriptions {OnOff(request.ReclaimSubscriptions)} the profile uses the alias '{wanted}' (or a child of it), not '{name}'."
                : $"The child alias '{name}' belongs to '{parentName}'; with Download activity {OnOff(request.DownloadActivity)} and Reclaim subscriptions {OnOff(request.ReclaimSubscriptions)} the profile needs '{wanted}' or a child of it.");
            return null;
        }

        return alias;
    }

    private static string OnOff(bool value) => value ? "on" : "off";
}

/// <summary>
/// What a Validate Connection result is valid for: the alias and its scopes, the processes checked, and the
/// identity of the connection (where, which integration, which sign-in and what it granted). Token refreshes do not change it.
/// </summary>
public static class ProfileFingerprint
{
    public static string Of(IntegrationProfile profile, ConnectionAlias alias, Connection? connection)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(alias);
        var text = string.Join(
            '\n',
            alias.Id.ToString("N"),
            alias.RequiredScopes,
            profile.DownloadActivity ? "activity" : "no-activity",
            connection?.Id.ToString("N") ?? "-",
            connection?.BaseUrl ?? "-",
            connection?.ClientId ?? "-",
            connection?.OrgId ?? "-",
            connection?.GrantedScopes ?? "-",
            connection?.ConnectedAt?.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
