using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using ProfileEngine.Connectors.Webex.Models;
using ProfileEngine.Connectors.Webex.Paging;

namespace ProfileEngine.Connectors.Webex;

/// <summary>One page of a Link-paged list and the link to the next page (null on the last page): a resumable cursor.</summary>
public sealed record WebexPage<T>(IReadOnlyList<T> Items, Uri? Next);

public sealed partial class WebexClient
{
    /// <summary>
    /// Everyone in the org (admin token) page by page, each page with the next-page link, so a long download can
    /// checkpoint the link with the page it committed and continue from it later (<paramref name="resumeFrom"/>).
    /// The next page is fetched while the caller works on the current one; at most two pages are held.
    /// </summary>
    public IAsyncEnumerable<WebexPage<Person>> ListPeoplePagesAsync(PeopleQuery? query = null, Uri? resumeFrom = null, CancellationToken cancellationToken = default)
    {
        Uri first;
        if (resumeFrom is not null)
        {
            if (!resumeFrom.IsAbsoluteUri || !SameOrigin(resumeFrom, _connection.BaseAddress))
            {
                throw new ArgumentException("A resumed people listing must continue on the connection's own host.", nameof(resumeFrom));
            }

            first = resumeFrom;
        }
        else
        {
            query ??= new PeopleQuery();
            first = Endpoint("v1/people", ("email", query.Email), ("displayName", query.DisplayName), ("roles", query.Roles), ("max", Number(query.Max)));
        }

        return ReadPageListsAsync(first, "items", Json.Person, cancellationToken);
    }

    private async IAsyncEnumerable<WebexPage<T>> ReadPageListsAsync<T>(
        Uri firstPage,
        string arrayProperty,
        JsonTypeInfo<T> itemType,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (response, next) in FollowPagesAsync(firstPage, cancellationToken))
        {
            var items = new List<T>();
            await foreach (var item in ReadItemsAsync(response, new PageItemReader<T>(itemType, arrayProperty), cancellationToken))
            {
                items.Add(item);
            }

            // The page's body goes back to the pool before the caller works on its items.
            response.Dispose();
            yield return new WebexPage<T>(items, next);
        }
    }
}
