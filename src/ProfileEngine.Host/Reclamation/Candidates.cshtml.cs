using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProfileEngine.Host.Api;
using ProfileEngine.Host.Ui;
using ProfileEngine.Profiles;
using ProfileEngine.Reclamation;
using ProfileEngine.Users;

namespace ProfileEngine.Host.Reclamation;

/// <summary>
/// The reviewer's queue: removal candidates with filters, Reclaim or Close Skipped for the ticked ones, and Reclaim All
/// for every Ready candidate of the filter (worked off in the background, with its own progress page).
/// </summary>
public sealed class CandidatesModel(ISender sender) : UiPage
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public Guid? ProfileId { get; set; }

    [BindProperty(SupportsGet = true)]
    public CandidateState? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool OpenOnly { get; set; } = true;

    [BindProperty(SupportsGet = true)]
    public string? Holder { get; set; }

    [BindProperty(SupportsGet = true)]
    public int Skip { get; set; }

    [BindProperty]
    public List<string> Selected { get; set; } = [];

    [BindProperty]
    public string? Note { get; set; }

    public RemovalCandidatePage Candidates { get; private set; } = new(0, [], new Dictionary<string, string>());

    public IReadOnlyList<ProfileView> Profiles { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostDecideAsync(CandidateAction action)
    {
        if (Lacks(EngineRoles.Reviewer))
        {
            return Forbid();
        }

        if (Selected.Count == 0)
        {
            ModelState.AddModelError(nameof(Selected), "Tick at least one candidate.");
            return await ShowAgainAsync();
        }

        var done = 0;
        foreach (var number in Selected)
        {
            try
            {
                await sender.Send(new DecideRemovalCandidate(number, action, Note), HttpContext.RequestAborted);
                done++;
            }
            catch (Exception e) when (EngineProblems.Describe(e) is { Status: < StatusCodes.Status500InternalServerError } refused)
            {
                // One refused candidate does not stop the others; each refusal is listed under its number.
                ModelState.AddModelError(number, refused.Detail);
            }
        }

        Notice($"{CandidateLifecycle.Describe(action)}: {done} of {Selected.Count} candidate(s) accepted; each is applied in the background (open one to follow it).");
        if (ModelState.IsValid)
        {
            return RedirectToPage(new { ProfileId, State, OpenOnly, Holder, Skip });
        }

        return await ShowAgainAsync();
    }

    public async Task<IActionResult> OnPostReclaimAllAsync()
    {
        if (Lacks(EngineRoles.Reviewer))
        {
            return Forbid();
        }

        var run = await sender.Send(new StartReclaimAll(ProfileId, Note: Note), HttpContext.RequestAborted);
        return Redirect($"/ui/candidates/reclaim-all/{run.Id}");
    }

    protected internal override async Task<IActionResult> ShowAgainAsync()
    {
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Profiles = await sender.Send(new ListProfiles(), HttpContext.RequestAborted);
        Candidates = await sender.Send(
            new ListRemovalCandidates(ProfileId, State, State is null && OpenOnly ? true : null, User: Holder, Skip: Math.Max(0, Skip), Take: PageSize),
            HttpContext.RequestAborted);
    }
}
