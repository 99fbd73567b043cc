namespace ProfileEngine.Workflows.Runtime;

/// <summary>
/// Where the runs that a call starts or resumes go. By default they run on the caller (a scheduled job waits for its
/// subflow, the CLI for the candidate it decided). Inside <see cref="InBackground"/> (the host wraps every web request
/// in it) the runtime commits the start, resume or retry and returns at once; this node's dispatcher then runs the
/// instance with bounded concurrency, so a closed browser tab or a slow vendor never holds a request or loses a run.
/// </summary>
public static class WorkflowDispatch
{
    private static readonly AsyncLocal<bool> Background = new();

    /// <summary>True when runs started by the current call chain are handed to the dispatcher.</summary>
    public static bool IsBackground => Background.Value;

    /// <summary>Until disposed, runs this call chain starts or resumes are committed and handed to the dispatcher.</summary>
    public static IDisposable InBackground() => new Scope(true);

    /// <summary>Until disposed, runs this call chain starts or resumes run on the caller, inside a background scope too.</summary>
    public static IDisposable RunHere() => new Scope(false);

    private sealed class Scope : IDisposable
    {
        private readonly bool _previous;

        public Scope(bool background)
        {
            _previous = Background.Value;
            Background.Value = background;
        }

        public void Dispose() => Background.Value = _previous;
    }
}
