using Mediator;
using ProfileEngine.Audit;
using ProfileEngine.Connections;
using ProfileEngine.Connectors;
using ProfileEngine.Messaging;
using ProfileEngine.Persistence;
using ProfileEngine.Workflows.Loading;

namespace ProfileEngine.Profiles;

/// <summary>
/// Saves a new profile of the connector's type, always as Draft. The check boxes start as ServiceNow's do (Download
/// activity and Reclaim on); the alias defaults to the parent the boxes choose and the subflows to the connector's three.
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
    string? ReclaimSubflow = null) : ICommand<ProfileView>, IAuditedCommand, IntegrationProfileRules.IProfileFields;

public sealed class CreateProfileValidator(ProfileEngineDbContext db, WorkflowDefinitionStore definitions, VendorConnectors connectors, TimeProvider clock) : IValidator<CreateProfile>
{
    public async ValueTask ValidateAsync(CreateProfile request, ValidationErrors errors, CancellationToken cancellationToken) =>
        await IntegrationProfileRules.ValidateFieldsAsync(request, null, connectors.Default.DefaultSubflows, db, definitions, clock, errors, cancellationToken);
}

public sealed class CreateProfileHandler(ProfileEngineDbContext db, CurrentOperator currentOperator, VendorConnectors connectors, TimeProvider clock) : ICommandHandler<CreateProfile, ProfileView>
{
    public async ValueTask<ProfileView> Handle(CreateProfile command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var aliasName = IntegrationProfileRules.AliasNameFor(command, null);
        var alias = await db.FindAliasAsync(aliasName, cancellationToken)
            ?? throw new InvalidOperationException($"The alias '{aliasName}' disappeared.");
        var now = clock.GetUtcNow();
        var connector = connectors.Default;
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
