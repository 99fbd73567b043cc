using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ProfileEngine.Connectors.Webex;

namespace ProfileEngine.Tests.Connectors.Webex;

/// <summary>
/// A <see cref="WebexClient"/> over canned answers, for body shapes the simulator does not produce
/// (e.g. a body cut short after the headers, delivered a byte at a time).
/// </summary>
public sealed class StubWebex : HttpMessageHandler
{
    private readonly Func<HttpRequestMessage, HttpResponseMessage> _answer;

    public StubWebex(Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        _answer = answer;
    }

    public List<Uri> Requested { get; } = [];

    public static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK, bool trickle = false) => new(status)
    {
        Content = trickle
            ? new StreamContent(new TrickleStream(Encoding.UTF8.GetBytes(body)))
            : new StringContent(body, Encoding.UTF8, "application/json"),
    };

    /// <param name="handler">Answers instead of this stub, for answers that need to wait.</param>
    public WebexClient CreateClient(HttpMessageHandler? handler = null)
    {
        var clock = new FakeTimeProvider(WebexTestHarness.Start);
        var connection = new WebexConnection
        {
            BaseAddress = new Uri("https://webexapis.example/"),
            ClientId = "client",
            ClientSecret = "secret",
            Tokens = new WebexTokens("access", WebexTestHarness.Start.AddDays(14), "refresh", null),
            OnTokensRefreshed = (_, _) => Task.CompletedTask,
        };
#pragma warning disable CA2000 // The client owns the HttpClient for the test's lifetime.
        return new WebexClient(new HttpClient(handler ?? this), connection, new WebexClientOptions(), clock, NullLogger<WebexClient>.Instance);
#pragma warning restore CA2000
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requested.Add(request.RequestUri!);
        var response = _answer(request);
        response.RequestMessage = request;
        return Task.FromResult(response);
    }

    /// <summary>Hands out one byte per read, so every element straddles buffer refills.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, 1), cancellationToken);
    }
}
