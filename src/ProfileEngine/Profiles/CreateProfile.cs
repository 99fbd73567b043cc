using Mediator;
using ProfileEngine.Audit;
using ProfileEngine.Connections;
using ProfileEngine.Connectors;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Workflows.Loading;

namespace ProfileEngine.Profiles;

/// <summary>
/// Saves a new profile, always as Draft, of the connector of <see cref="ProfileType"/> (the first registered one when
/// not given). The check boxes start as ServiceNow's do (Download activity and Reclaim on); the alias defaults to the
/// connector's parent the boxes choose and the subflows to the connector's three.
/// </summary>
public sealed record CreateProfile(
    string DisplayName,
    bool DownloadSubscriptions = true,
    bool DownloadActivity = true,
    bool ReclaimSubscriptions = true,
    DateTimeOffset? AnalyzeUserActivityFrom = null,
    string? ConnectionAlias = null,
    string? DownloadSubflow = null,
    string? ActivitySubflow = null,
    string? ReclaimSubflow = null,
    string? ProfileType = null,
    IReadOnlyDictionary<string, string>? ConnectorSettings = null) : ICommand<ProfileView>, IAuditedCommand, IntegrationProfileRules.IProfileFields;

public sealed class CreateProfileValidator(ProfileEngineDbContext db, WorkflowDefinitionStore definitions, VendorConnectors connectors, TimeProvider clock) : IValidator<CreateProfile>
{
    public async ValueTask ValidateAsync(CreateProfile request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        var connector = request.ProfileType is null ? connectors.Default : connectors.Find(request.ProfileType);
        if (connector is null)
        {
            errors.Add(nameof(request.ProfileType), $"There is no connector for the profile type '{request.ProfileType}'; this engine has {string.Join(", ", connectors.All.Select(c => $"'{c.ProfileType}'"))}.");
            return;
        }

        await IntegrationProfileRules.ValidateFieldsAsync(request, null, connector, db, definitions, clock, errors, cancellationToken);
    }
}

public sealed class CreateProfileHandler(ProfileEngineDbContext db, CurrentOperator currentOperator, VendorConnectors connectors, TimeProvider clock) : ICommandHandler<CreateProfile, ProfileView>
{
    public async ValueTask<ProfileView> Handle(CreateProfile command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var connector = command.ProfileType is null ? connectors.Default : connectors.For(command.ProfileType);
        var aliasName = IntegrationProfileRules.AliasNameFor(command, null, connector);
        var alias = await db.FindAliasAsync(aliasName, cancellationToken)
            ?? throw new InvalidOperationException($"The alias '{aliasName}' disappeared.");
        var now = clock.GetUtcNow();
        var displayName = command.DisplayName.Trim();
        var profile = new IntegrationProfile
        {
            Id = Guid.CreateVersion7(now),
            DisplayName = displayName,
            ProfileType = connector.ProfileType,
            NormalizedDisplayName = IntegrationProfile.Normalize(displayName),
            Status = ProfileStatus.Draft,
            DownloadSubscriptions = true,
            DownloadActivity = command.DownloadActivity,
            ReclaimSubscriptions = command.ReclaimSubscriptions,
            AnalyzeUserActivityFrom = command.AnalyzeUserActivityFrom,
            ConnectionAliasId = alias.Id,
            ConnectionAlias = alias,
            DownloadSubflow = command.DownloadSubflow ?? connector.DefaultSubflows.Download,
            ActivitySubflow = command.ActivitySubflow ?? connector.DefaultSubflows.Activity,
            ReclaimSubflow = command.ReclaimSubflow ?? connector.DefaultSubflows.Reclaim,
            ConnectorSettings = ConnectorSettings.Serialize(command.ConnectorSettings),
            CreatedAt = now,
            CreatedBy = currentOperator.Name,
            UpdatedAt = now,
            Version = 1,
        };
        db.IntegrationProfiles.Add(profile);
        await db.SaveChangesAsync(cancellationToken);
        return await ProfileViews.LoadAsync(db, profile.Id, cancellationToken);
    }
}
