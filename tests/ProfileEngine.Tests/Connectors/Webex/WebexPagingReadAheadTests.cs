using System.Net;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Connectors.Webex.Models;

namespace ProfileEngine.Tests.Connectors.Webex;

/// <summary>Lists fetch the next page while the current one is read, and a broken read-ahead page is still named.</summary>
public sealed class WebexPagingReadAheadTests
{
    private const string NextPage = "https://webexapis.example/v1/people?max=2&cursor=2";

    [Fact]
    public async Task The_next_page_is_requested_before_the_reader_finishes_the_current_one()
    {
        var stub = new StubWebex(request => IsSecondPage(request)
            ? StubWebex.Json("""{"items":[{"id":"p3"}]}""")
            : FirstPage());
        var client = stub.CreateClient();

        await using var people = client.ListPeopleAsync(new PeopleQuery { Max = 2 }).GetAsyncEnumerator();
        Assert.True(await people.MoveNextAsync());

        Assert.Equal("p1", people.Current.Id);
        Assert.Equal(2, stub.Requested.Count);
        Assert.Equal(NextPage, stub.Requested[1].OriginalString);

        var rest = new List<string>();
        while (await people.MoveNextAsync())
        {
            rest.Add(people.Current.Id);
        }

        Assert.Equal(["p2", "p3"], rest);
        Assert.Equal(2, stub.Requested.Count);
    }

    [Fact]
    public async Task A_read_ahead_page_whose_connection_breaks_is_reported_as_truncated_after_the_first_page()
    {
        var stub = new StubWebex(request => IsSecondPage(request)
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream("""{"items":[{"id":"p3"""u8.ToArray())) }
            : FirstPage());
        var seen = new List<string>();

        var error = await Assert.ThrowsAsync<WebexResponseException>(async () =>
        {
            await foreach (var person in stub.CreateClient().ListPeopleAsync(new PeopleQuery { Max = 2 }))
            {
                seen.Add(person.Id);
            }
        });

        Assert.Equal(["p1", "p2"], seen);
        Assert.Contains("GET /v1/people", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reader_that_stops_early_cancels_the_page_read_ahead()
    {
        var handler = new HangingSecondPage(FirstPage());
        var client = new StubWebex(_ => FirstPage()).CreateClient(handler);

        await foreach (var person in client.ListPeopleAsync(new PeopleQuery { Max = 2 }))
        {
            Assert.Equal("p1", person.Id);
            await handler.SecondPageRequested.Task.WaitAsync(TimeSpan.FromSeconds(10));
            break;
        }

        // The read-ahead request sees its cancellation: nothing is left in flight once the reader has stopped.
        await handler.SecondPageCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static bool IsSecondPage(HttpRequestMessage request) =>
        request.RequestUri!.Query.Contains("cursor", StringComparison.Ordinal);

    private static HttpResponseMessage FirstPage()
    {
        var response = StubWebex.Json("""{"items":[{"id":"p1"},{"id":"p2"}]}""");
        response.Headers.TryAddWithoutValidation("Link", $"<{NextPage}>; rel=\"next\"");
        return response;
    }

    /// <summary>Answers the first page at once and holds the second until its request is cancelled.</summary>
    private sealed class HangingSecondPage(HttpResponseMessage firstPage) : HttpMessageHandler
    {
        public TaskCompletionSource SecondPageRequested { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource SecondPageCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!IsSecondPage(request))
            {
                firstPage.RequestMessage = request;
                return firstPage;
            }

            SecondPageRequested.TrySetResult();
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                SecondPageCancelled.TrySetResult();
                throw;
            }

            throw new InvalidOperationException("unreachable");
        }
    }

    /// <summary>Hands out its bytes, then fails the way a reset connection does.</summary>
    private sealed class BreakingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position < Length ? base.ReadAsync(buffer, cancellationToken) : throw new IOException("Connection reset by peer");

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) =>
            Position < Length ? base.Read(buffer, offset, count) : throw new IOException("Connection reset by peer");
    }
}
