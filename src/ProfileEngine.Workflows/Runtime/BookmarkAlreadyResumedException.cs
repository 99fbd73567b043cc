namespace ProfileEngine.Workflows.Runtime;

/// <summary>Thrown inside the claim transaction when another resume got the bookmark first.</summary>
internal sealed class BookmarkAlreadyResumedException(string bookmarkId) : Exception($"Bookmark {bookmarkId} was already resumed.");
