using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ProfileEngine.WebexSimulator.Json;

namespace ProfileEngine.WebexSimulator.Faults;

/// <summary>Counters and the last <see cref="Capacity"/> requests to the Webex surface (<c>GET /_sim/requests</c>).</summary>
public sealed class RequestLog
{
    public const int Capacity = 10_000;

    /// <summary>Status recorded for a request whose connection the simulator dropped.</summary>
    public const int Dropped = 0;

    private readonly Lock gate = new();
    private readonly Queue<Entry> entries = new();
    private readonly Dictionary<int, long> byStatus = [];
    private readonly Dictionary<string, long> byPath = new(StringComparer.Ordinal);
    private long total;

    public readonly record struct Entry(DateTimeOffset At, string Method, string Path, string Query, int Status, string Token);

    /// <summary>
    /// Runs the request (<paramref name="run"/> answers true when it dropped the connection) and logs it as its answer
    /// starts, before the headers leave: a client that has read the whole answer and then asks for the log finds its
    /// request there. A dropped request is logged as <see cref="Dropped"/>.
    /// </summary>
    public async Task RecordAroundAsync(HttpContext context, string path, string token, Func<DateTimeOffset> now, Func<Task<bool>> run)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(now);
        ArgumentNullException.ThrowIfNull(run);
        var logged = 0;
        void Log(int status)
        {
            if (Interlocked.Exchange(ref logged, 1) == 0)
            {
                Record(new Entry(now(), context.Request.Method, path, context.Request.QueryString.Value ?? "", status, token.Length > 4 ? token[^4..] : token));
            }
        }

        context.Response.OnStarting(() =>
        {
            Log(context.Response.StatusCode);
            return Task.CompletedTask;
        });
        var dropped = false;
        try
        {
            dropped = await run();
        }
        finally
        {
            Log(dropped ? Dropped : context.Response.StatusCode);
        }
    }

    public void Record(Entry entry)
    {
        lock (gate)
        {
            total++;
            byStatus[entry.Status] = byStatus.GetValueOrDefault(entry.Status) + 1;
            byPath[entry.Path] = byPath.GetValueOrDefault(entry.Path) + 1;
            if (entries.Count == Capacity)
            {
                entries.Dequeue();
            }

            entries.Enqueue(entry);
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            total = 0;
            byStatus.Clear();
            byPath.Clear();
            entries.Clear();
        }
    }

    /// <summary>The logged requests (the last <see cref="Capacity"/>), oldest first, for in-process tests.</summary>
    public IReadOnlyList<Entry> Snapshot()
    {
        lock (gate)
        {
            return [.. entries];
        }
    }

    public void Write(Utf8JsonWriter writer)
    {
        lock (gate)
        {
            writer.WriteStartObject();
            writer.WriteNumber("total", total);
            writer.WriteStartObject("byStatus");
            foreach (var (status, count) in byStatus.OrderBy(p => p.Key))
            {
                writer.WriteNumber(status.ToString(System.Globalization.CultureInfo.InvariantCulture), count);
            }

            writer.WriteEndObject();
            writer.WriteStartObject("byPath");
            foreach (var (path, count) in byPath.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteNumber(path, count);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("log");
            foreach (var entry in entries)
            {
                writer.WriteStartObject();
                writer.WriteTime("at", entry.At);
                writer.WriteString("method", entry.Method);
                writer.WriteString("path", entry.Path);
                writer.WriteString("query", entry.Query);
                writer.WriteNumber("status", entry.Status);
                writer.WriteString("token", entry.Token);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }
    }
}
