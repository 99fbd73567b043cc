using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProfileEngine.Host.Ui;
using ProfileEngine.Reclamation;
using ProfileEngine.Users;

namespace ProfileEngine.Host.Reclamation;

/// <summary>One removal candidate: its fields, the decisions its state allows (reviewers), work notes and history.</summary>
public sealed class CandidateModel(ISender sender) : UiPage
{
    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public int Version { get; set; }

    public RemovalCandidateDetails? Details { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostDecideAsync(CandidateAction action)
    {
        if (Lacks(EngineRoles.Reviewer))
        {
            return Forbid();
        }

        var after = await sender.Send(new DecideRemovalCandidate(Number, action, Note, Version), HttpContext.RequestAborted);
        Notice(after.InProgress switch
        {
            null => $"{CandidateLifecycle.Describe(action)}: {Number} is now {after.Candidate.StateName}.",
            RemovalCandidateDetails.Reclaiming => $"{CandidateLifecycle.Describe(action)}: {Number} is being reclaimed; this page refreshes until it is done.",
            _ => $"{CandidateLifecycle.Describe(action)}: accepted for {Number}; this page refreshes until it is applied.",
        });
        return RedirectToPage(new { Number });
    }

    public async Task<IActionResult> OnPostNoteAsync()
    {
        if (Lacks(EngineRoles.Reviewer))
        {
            return Forbid();
        }

        await sender.Send(new AddCandidateWorkNote(Number, Note ?? ""), HttpContext.RequestAborted);
        return RedirectToPage(new { Number });
    }

    /// <summary>The candidate as it is now, with the refused decision's reason above it.</summary>
    protected internal override async Task<IActionResult> ShowAgainAsync() => await LoadAsync() ? Page() : NotFound();

    private async Task<bool> LoadAsync()
    {
        try
        {
            Details = await sender.Send(new GetRemovalCandidate(Number), HttpContext.RequestAborted);
            return true;
        }
        catch (Messaging.RequestNotFoundException)
        {
            return false;
        }
    }
}
