using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProfileEngine.Connectors;
using ProfileEngine.Exclusions;
using ProfileEngine.Host.Ui;
using ProfileEngine.Profiles;
using ProfileEngine.Reclamation;
using ProfileEngine.Scheduling;
using ProfileEngine.Subscriptions;
using ProfileEngine.UserActivity;
using ProfileEngine.Users;
using ProfileEngine.Workflows.Loading;

namespace ProfileEngine.Host.Profiles;

/// <summary>
/// One integration profile as ServiceNow lays it out: the form (admins save), Validate Connection and Run now
/// (operators), Publish (its own confirmation page), and the related lists below.
/// </summary>
public sealed class ProfileModel(ISender sender, WorkflowDefinitionStore definitions, VendorConnectors connectors) : UiPage
{
    public const int PageSize = 25;

    /// <summary>"new", or the profile's id.</summary>
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "new";

    [BindProperty]
    public ProfileForm Form { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public int Skip { get; set; }

    [BindProperty]
    public string? Identifier { get; set; }

    [BindProperty]
    public Guid? ModelId { get; set; }

    public ProfileView? Profile { get; private set; }

    public IReadOnlyList<DefinitionVersion> Definitions { get; private set; } = [];

    public IReadOnlyList<SoftwareModelView> Models { get; private set; } = [];

    public IReadOnlyList<UnrecognizedIdentifierView> Unrecognized { get; private set; } = [];

    public IReadOnlyList<JobRunView> JobResults { get; private set; } = [];

    public SubscriptionPage Subscriptions { get; private set; } = new(0, []);

    public IReadOnlyList<SubscriptionIdentifierExclusionView> IdentifierExclusions { get; private set; } = [];

    public IReadOnlyList<UserExclusionView> UserExclusions { get; private set; } = [];

    public IReadOnlyList<ReclamationRuleView> Rules { get; private set; } = [];

    public IReadOnlyList<ActivityCoverageView> Coverage { get; private set; } = [];

    [BindProperty]
    public string? ExcludedIdentifier { get; set; }

    [BindProperty]
    public string? ExcludedUser { get; set; }

    [BindProperty]
    public string? ExclusionReason { get; set; }

    [BindProperty]
    public DateTimeOffset? ExcludedUntil { get; set; }

    public bool IsNew => Id == "new";

    private Guid? ProfileId => Guid.TryParse(Id, out var id) ? id : null;

    public async Task<IActionResult> OnGetAsync()
    {
        if (IsNew)
        {
            Definitions = await definitions.ListLiveAsync(HttpContext.RequestAborted);
            return Page();
        }

        if (ProfileId is null)
        {
            return NotFound();
        }

        await LoadAsync();
        Form = ProfileForm.From(Profile!);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        if (Lacks(EngineRoles.Admin))
        {
            return Forbid();
        }

        if (!IsNew && ProfileId is null)
        {
            return NotFound();
        }

        var saved = ProfileId is { } id
            ? await sender.Send(Form.ToUpdate(id), HttpContext.RequestAborted)
            : await sender.Send(Form.ToCreate(), HttpContext.RequestAborted);
        Notice($"{saved.DisplayName} saved ({saved.Status}).");
        return Redirect($"/ui/profiles/{saved.Id}");
    }

    public Task<IActionResult> OnPostValidateAsync() => AsOperator(async id =>
    {
        var validated = await sender.Send(new ValidateProfileConnection(id), HttpContext.RequestAborted);
        Notice($"Validate Connection {(validated.LastValidation?.Passed == true ? "passed" : "failed")}: see each check below.");
        return Redirect($"/ui/profiles/{id}");
    });

    public Task<IActionResult> OnPostRunAsync(string process) => AsOperator(async id =>
    {
        var parsed = Enum.TryParse<ProfileProcess>(process, ignoreCase: true, out var value) ? value : (ProfileProcess)(-1);
        var accepted = await sender.Send(new RunProfileJobNow(id, parsed), HttpContext.RequestAborted);
        Notice($"{accepted.JobName} started; its result appears under Scheduled job results.");
        return Redirect($"/ui/profiles/{id}#job-results");
    });

    public async Task<IActionResult> OnPostMapAsync()
    {
        if (Lacks(EngineRoles.Admin) || ProfileId is not { } id)
        {
            return Forbid();
        }

        await sender.Send(new MapUnrecognizedIdentifier(id, Identifier ?? "", ModelId ?? Guid.Empty), HttpContext.RequestAborted);
        Notice($"{Identifier} mapped; its subscriptions follow.");
        return Redirect($"/ui/profiles/{id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (Lacks(EngineRoles.Admin) || ProfileId is not { } id)
        {
            return Forbid();
        }

        var deleted = await sender.Send(new DeleteProfile(id, Form.Version), HttpContext.RequestAborted);
        Notice($"{deleted.DisplayName} deleted with its jobs and subscriptions.");
        return Redirect("/ui/profiles");
    }

    /// <summary>The type a profile saved from this page gets: the connector's.</summary>
    public string NewProfileType => connectors.Default.ProfileType;

    public IReadOnlyList<string> ProfileTypes => [.. connectors.All.Select(c => c.ProfileType)];

    /// <summary>The connector of the profile shown (null for a new one, or a type no registered connector has).</summary>
    public VendorConnector? Connector => Profile is null ? null : connectors.Find(Profile.ProfileType);

    public Task<IActionResult> OnPostExcludeIdentifierAsync() => AsAdmin(async () =>
        await sender.Send(new CreateSubscriptionIdentifierExclusion(Profile?.ProfileType ?? connectors.Default.ProfileType, ExcludedIdentifier ?? ""), HttpContext.RequestAborted));

    public Task<IActionResult> OnPostExcludeUserAsync() => AsAdmin(async () =>
        await sender.Send(new CreateUserExclusion(ExcludedUser ?? "", ExclusionReason ?? "", ExcludedUntil), HttpContext.RequestAborted));

    public Task<IActionResult> OnPostDeleteIdentifierExclusionAsync(Guid exclusionId) => AsAdmin(async () =>
        await sender.Send(new DeleteSubscriptionIdentifierExclusion(exclusionId), HttpContext.RequestAborted));

    public Task<IActionResult> OnPostDeleteUserExclusionAsync(Guid exclusionId) => AsAdmin(async () =>
        await sender.Send(new DeleteUserExclusion(exclusionId), HttpContext.RequestAborted));

    /// <summary>An admin's change to the exclusion rules, then back to the profile (its subscriptions are marked at once).</summary>
    private async Task<IActionResult> AsAdmin(Func<Task<object>> change)
    {
        if (Lacks(EngineRoles.Admin) || ProfileId is not { } id)
        {
            return Forbid();
        }

        await change();
        Notice("Exclusion rules saved; the subscriptions they cover are marked.");
        return Redirect($"/ui/profiles/{id}");
    }

    private Task<IActionResult> AsOperator(Func<Guid, Task<IActionResult>> action)
    {
        if (Lacks(EngineRoles.Operator) || ProfileId is not { } id)
        {
            return Task.FromResult<IActionResult>(Forbid());
        }

        return action(id);
    }

    protected internal override async Task<IActionResult> ShowAgainAsync()
    {
        if (IsNew)
        {
            Definitions = await definitions.ListLiveAsync(HttpContext.RequestAborted);
        }
        else
        {
            await LoadAsync();
        }

        return Page();
    }

    private async Task LoadAsync()
    {
        var id = ProfileId!.Value;
        var cancellationToken = HttpContext.RequestAborted;
        Profile = await sender.Send(new GetProfile(id), cancellationToken);
        Definitions = await definitions.ListLiveAsync(cancellationToken);
        Models = await sender.Send(new ListSoftwareModels(id), cancellationToken);
        Unrecognized = await sender.Send(new ListUnrecognizedIdentifiers(id), cancellationToken);
        JobResults = await sender.Send(new ListJobResults(id, 0, 20), cancellationToken);
        Subscriptions = await sender.Send(new ListSubscriptions(id, Skip: Math.Max(0, Skip), Take: PageSize), cancellationToken);
        IdentifierExclusions = await sender.Send(new ListSubscriptionIdentifierExclusions(Profile.ProfileType), cancellationToken);
        UserExclusions = await sender.Send(new ListUserExclusions(), cancellationToken);
        Rules = await sender.Send(new ListReclamationRules(id), cancellationToken);
        Coverage = await sender.Send(new GetActivityCoverage(id), cancellationToken);

        // A run requested and not started yet, or one in progress: the page reloads itself until it ends (no script).
        var pending = Profile.ScheduledJobs.Any(job => job.LastRunRequestedAt is { } requested
            && !JobResults.Any(r => r.JobName == job.Name && r.StartedAt >= requested));
        if (pending || JobResults.Any(r => r.EndedAt is null))
        {
            ViewData["RefreshSeconds"] = 2;
        }
    }
}

/// <summary>The profile form's fields; empty alias or subflow means "the default the check boxes choose".</summary>
public sealed class ProfileForm
{
    public string DisplayName { get; set; } = "";

    public bool DownloadActivity { get; set; } = true;

    public bool ReclaimSubscriptions { get; set; } = true;

    public DateOnly? AnalyzeUserActivityFrom { get; set; }

    public string? ConnectionAlias { get; set; }

    public string? DownloadSubflow { get; set; }

    public string? ActivitySubflow { get; set; }

    public string? ReclaimSubflow { get; set; }

    /// <summary>The connector of a new profile (its profile type).</summary>
    public string? ProfileType { get; set; }

    /// <summary>The connector's settings, by name, as the form posts them.</summary>
    public Dictionary<string, string> Settings { get; set; } = [];

    public int Version { get; set; }

    public static ProfileForm From(ProfileView profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new()
        {
            DisplayName = profile.DisplayName,
            DownloadActivity = profile.DownloadActivity,
            ReclaimSubscriptions = profile.ReclaimSubscriptions,
            AnalyzeUserActivityFrom = profile.AnalyzeUserActivityFrom is { } from ? DateOnly.FromDateTime(from.UtcDateTime) : null,
            ConnectionAlias = profile.ConnectionAlias,
            DownloadSubflow = profile.Subflows.Download,
            ActivitySubflow = profile.Subflows.Activity,
            ReclaimSubflow = profile.Subflows.Reclaim,
            Settings = new Dictionary<string, string>(profile.ConnectorSettings),
            Version = profile.Version,
        };
    }

    public CreateProfile ToCreate() => new(
        DisplayName ?? "", true, DownloadActivity, ReclaimSubscriptions, AnalyzeFrom, Blank(ConnectionAlias), Blank(DownloadSubflow), Blank(ActivitySubflow), Blank(ReclaimSubflow),
        Blank(ProfileType));

    /// <summary>Settings posted empty are left out (the connector's default applies); none posted keeps the stored ones.</summary>
    public UpdateProfile ToUpdate(Guid id) => new(
        id, Version, DisplayName ?? "", true, DownloadActivity, ReclaimSubscriptions, AnalyzeFrom, Blank(ConnectionAlias), Blank(DownloadSubflow), Blank(ActivitySubflow), Blank(ReclaimSubflow),
        Settings.Count == 0 ? null : Settings.Where(s => !string.IsNullOrWhiteSpace(s.Value)).ToDictionary(s => s.Key, s => s.Value.Trim()));

    private DateTimeOffset? AnalyzeFrom => AnalyzeUserActivityFrom is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
