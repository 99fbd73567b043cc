namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// One runner per instance inside this process: resumes, cancels and retries of the same instance wait for each
/// other. Across processes the instance's revision check stops a second writer.
/// </summary>
internal sealed class InstanceLocks
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<IDisposable> AcquireAsync(string instanceId, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(instanceId, out entry!))
            {
                _entries[instanceId] = entry = new Entry();
            }

            entry.Users++;
        }

        try
        {
            await entry.Gate.WaitAsync(cancellationToken);
        }
        catch
        {
            Release(instanceId, entry, entered: false);
            throw;
        }

        return new Lease(this, instanceId, entry);
    }

    private void Release(string instanceId, Entry entry, bool entered)
    {
        if (entered)
        {
            entry.Gate.Release();
        }

        lock (_entries)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(instanceId);
                entry.Gate.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Lease(InstanceLocks owner, string instanceId, Entry entry) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(instanceId, entry, entered: true);
            }
        }
    }
}
