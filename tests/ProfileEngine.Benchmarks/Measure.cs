using System.Diagnostics;

namespace ProfileEngine.Benchmarks;

/// <summary>What one pass over a listing did: how many items, how long, and the managed heap it needed above the baseline.</summary>
public sealed record PassResult(string Name, long Items, int Pages, TimeSpan Elapsed, long PeakHeapAboveBaselineBytes)
{
    public double ItemsPerSecond => Items / Elapsed.TotalSeconds;
}

/// <summary>
/// Times a pass and samples the managed heap while it runs. The baseline is taken after a full collection, so
/// the peak above it is what the pass holds (plus whatever the in-process simulator allocates while serving,
/// which the floor pays too).
/// </summary>
public sealed class HeapSampler
{
    private readonly long baseline;
    private long peak;

    private HeapSampler(long baseline)
    {
        this.baseline = baseline;
        peak = baseline;
    }

    public static HeapSampler Start()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return new HeapSampler(GC.GetTotalMemory(forceFullCollection: true));
    }

    public void Sample()
    {
        var now = GC.GetTotalMemory(forceFullCollection: false);
        if (now > peak)
        {
            peak = now;
        }
    }

    /// <summary>The live heap: a full collection first, so garbage not yet collected does not count.</summary>
    public void SampleLive()
    {
        var now = GC.GetTotalMemory(forceFullCollection: true);
        if (now > peak)
        {
            peak = now;
        }
    }

    public long PeakAboveBaseline => Math.Max(0, peak - baseline);

    public static async Task<PassResult> RunAsync(string name, Func<HeapSampler, Task<(long Items, int Pages)>> pass)
    {
        var sampler = Start();
        var watch = Stopwatch.StartNew();
        var (items, pages) = await pass(sampler);
        watch.Stop();
        sampler.Sample();
        return new PassResult(name, items, pages, watch.Elapsed, sampler.PeakAboveBaseline);
    }
}
