namespace ProfileEngine.Workflows.Runtime;

/// <summary>Thrown inside the claim transaction when another resume got the bookmark first.</summary>
internal sealed class BookmarkAlreadyResumedException(string bookmarkId) : Exception($"Bookmark {bookmarkId} was already resumed.")
{
    public string BookmarkId { get; } = bookmarkId;
}

/// <summary>Thrown inside the claim transaction when the caller's resume condition no longer holds.</summary>
internal sealed class ResumeRefusedException(string bookmarkId) : Exception($"Bookmark {bookmarkId}: the resume condition no longer holds.")
{
    public string BookmarkId { get; } = bookmarkId;
}
