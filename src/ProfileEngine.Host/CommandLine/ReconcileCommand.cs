using System.CommandLine;
using ProfileEngine.Reconciliation;

namespace ProfileEngine.Host.CommandLine;

/// <summary><c>reconcile</c>: rights owned against rights used per software model, with the money figures per currency.</summary>
public static class ReconcileCommand
{
    public static Command Create(VerbRunner verb)
    {
        ArgumentNullException.ThrowIfNull(verb);
        var command = new Command("reconcile", "reconciles entitlements with subscriptions now and prints the license position");
        verb.Handle(command, async (engine, parse, cancellationToken) =>
        {
            var result = await engine.SendAsync(new Reconcile(), cancellationToken);
            var output = engine.Output;
            await output.WriteLineAsync($"{"software model",-50} {"owned",7} {"used",7} {"avail.",7} {"unlic.",7} {"open cand.",10} {"potential",12}");
            foreach (var m in result.Models)
            {
                await output.WriteLineAsync($"{Cut(m.ModelName, 50),-50} {m.RightsOwned,7} {m.RightsUsed,7} {m.RightsAvailable,7} {m.Unlicensed,7} {m.OpenCandidates,10} {m.PotentialSavings,12:N2}");
            }

            foreach (var t in result.Totals)
            {
                await output.WriteLineAsync(
                    $"{t.Currency}: spend {t.CurrentSpend:N2}, true-up {t.TrueUpCost:N2}, over-licensed {t.OverLicensedAmount:N2}, potential savings {t.PotentialSavings:N2}, actual savings YTD {t.ActualSavingsYtd:N2} (all time {t.ActualSavingsCumulative:N2})");
            }

            return 0;
        });
        return command;
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
