using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProfileEngine.Host.Ui;
using ProfileEngine.Reconciliation;
using ProfileEngine.Users;

namespace ProfileEngine.Host.Reconciliation;

/// <summary>
/// The SaaS overview: spend, % unused, potential and actual savings, the last-activity buckets as an SVG bar chart
/// drawn on the server, stale subscriptions by profile, and license usage per model from the last reconciliation.
/// </summary>
public sealed class DashboardModel(ISender sender) : UiPage
{
    public Dashboard? Figures { get; private set; }

    public LastActivitySnapshot? Buckets { get; private set; }

    public ReconciliationResult? Reconciliation { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostReconcileAsync()
    {
        if (Lacks(EngineRoles.Operator))
        {
            return Forbid();
        }

        await sender.Send(new Reconcile(), HttpContext.RequestAborted);
        Notice("Reconciled.");
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        Figures = await sender.Send(new GetDashboard(), HttpContext.RequestAborted);
        Buckets = await sender.Send(new GetLastActivityBuckets(), HttpContext.RequestAborted);
        Reconciliation = await sender.Send(new GetLatestReconciliation(), HttpContext.RequestAborted);
    }

    /// <summary>The buckets of every model added up, as bars (server-side SVG, no script).</summary>
    public string BucketChart()
    {
        var totals = new (string Label, int Count)[]
        {
            ("0-30", Buckets!.ByModel.Sum(m => m.Buckets.Days0To30)),
            ("30-60", Buckets.ByModel.Sum(m => m.Buckets.Days30To60)),
            ("60-90", Buckets.ByModel.Sum(m => m.Buckets.Days60To90)),
            ("90-120", Buckets.ByModel.Sum(m => m.Buckets.Days90To120)),
            ("120+", Buckets.ByModel.Sum(m => m.Buckets.Over120Days)),
            ("none", Buckets.ByModel.Sum(m => m.Buckets.NoActivity)),
        };
        const int width = 520, height = 200, barWidth = 60, gap = 24, top = 20, bottom = 30;
        var max = Math.Max(1, totals.Max(t => t.Count));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Subscriptions by days since last meaningful activity\">");
        for (var i = 0; i < totals.Length; i++)
        {
            var (label, count) = totals[i];
            var barHeight = (int)Math.Round((height - top - bottom) * (double)count / max);
            var x = gap + (i * (barWidth + gap));
            var y = height - bottom - barHeight;
            var colour = i < 2 ? "#2a5d9f" : i < 5 ? "#c0782f" : "#8795a8";
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"{barWidth}\" height=\"{barHeight}\" fill=\"{colour}\"><title>{label} days: {count}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (barWidth / 2)}\" y=\"{y - 4}\" text-anchor=\"middle\" font-size=\"12\">{count:N0}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (barWidth / 2)}\" y=\"{height - 10}\" text-anchor=\"middle\" font-size=\"12\">{HtmlEncoder.Default.Encode(label)}</text>");
        }

        return svg.Append("</svg>").ToString();
    }
}
