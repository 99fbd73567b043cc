using Microsoft.EntityFrameworkCore;

namespace ProfileEngine.Reconciliation;

public enum ReconciliationTrigger
{
    /// <summary>Someone asked for it (the Reconcile command).</summary>
    OnDemand,

    /// <summary>The weekly "SAM - Reconciliation" job.</summary>
    Weekly,
}

/// <summary>
/// One reconciliation: when, who or what started it, and each model's position at that time (a snapshot, so the
/// License Workbench can show the last result and its time, and older ones stay comparable).
/// </summary>
public sealed class ReconciliationRun
{
    public Guid Id { get; set; }

    /// <summary>The time the figures are as of (entitlements in force, year to date).</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>The operator, or <c>system</c> for the weekly job.</summary>
    public required string RunBy { get; set; }

    public ReconciliationTrigger Trigger { get; set; }

    public List<ReconciliationModelResult> Models { get; set; } = [];
}

/// <summary>One model's position in a <see cref="ReconciliationRun"/>; the fields of <see cref="ModelPosition"/>.</summary>
public sealed class ReconciliationModelResult
{
    public long Id { get; set; }

    public Guid RunId { get; set; }

    /// <summary>No foreign key: the snapshot outlives the model.</summary>
    public Guid ModelId { get; set; }

    public required string ModelName { get; set; }

    public int RightsOwned { get; set; }

    public int RightsUsed { get; set; }

    public int RightsAvailable { get; set; }

    public int Unlicensed { get; set; }

    public decimal? UnitPrice { get; set; }

    public required string Currency { get; set; }

    public bool PriceFromEntitlements { get; set; }

    public decimal CurrentSpend { get; set; }

    public decimal OverLicensedAmount { get; set; }

    public decimal TrueUpCost { get; set; }

    public int OpenCandidates { get; set; }

    public decimal PotentialSavings { get; set; }

    public decimal ActualSavingsYtd { get; set; }

    public decimal ActualSavingsCumulative { get; set; }

    public static ReconciliationModelResult From(ModelPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        return new ReconciliationModelResult
        {
            ModelId = position.ModelId,
            ModelName = position.ModelName,
            RightsOwned = position.RightsOwned,
            RightsUsed = position.RightsUsed,
            RightsAvailable = position.RightsAvailable,
            Unlicensed = position.Unlicensed,
            UnitPrice = position.UnitPrice,
            Currency = position.Currency,
            PriceFromEntitlements = position.PriceFromEntitlements,
            CurrentSpend = position.CurrentSpend,
            OverLicensedAmount = position.OverLicensedAmount,
            TrueUpCost = position.TrueUpCost,
            OpenCandidates = position.OpenCandidates,
            PotentialSavings = position.PotentialSavings,
            ActualSavingsYtd = position.ActualSavingsYtd,
            ActualSavingsCumulative = position.ActualSavingsCumulative,
        };
    }

    public ModelPosition ToPosition() => new(
        ModelId, ModelName, RightsOwned, RightsUsed, RightsAvailable, Unlicensed, UnitPrice, Currency, PriceFromEntitlements,
        CurrentSpend, OverLicensedAmount, TrueUpCost, OpenCandidates, PotentialSavings, ActualSavingsYtd, ActualSavingsCumulative);
}
