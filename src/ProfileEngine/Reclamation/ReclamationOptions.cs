namespace ProfileEngine.Reclamation;

/// <summary>Settings of reclamation (configuration section <c>ProfileEngine:Reclamation</c>).</summary>
public sealed class ReclamationOptions
{
    public const string Section = "ProfileEngine:Reclamation";

    /// <summary>The definition every removal candidate runs (workflows/sam-removal-candidate.json).</summary>
    public string CandidateFlowDefinition { get; set; } = CandidateFlows.DefinitionId;

    /// <summary>When "SAM - Updating Existing Reclamation Candidates" runs (Quartz cron; default Sundays 03:00).</summary>
    public string UpdateExistingCandidatesCron { get; set; } = "0 0 3 ? * SUN";
}
