using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ProfileEngine.Connectors.Webex;

/// <summary>
/// The resilience pipeline of the Webex HttpClient, outermost first: 429 retries that wait the vendor's Retry-After,
/// transient retries (500/502/503/504, dropped connections, attempt timeouts) with jittered exponential backoff,
/// and a timeout per attempt. All waits run on the pipeline's <see cref="TimeProvider"/>.
/// </summary>
public static class WebexResilience
{
    public const string PipelineName = "webex";

    /// <summary>Set to false on a request that must not be re-sent after a 5xx or timeout (e.g. posting a message).</summary>
    public static readonly HttpRequestOptionsKey<bool> RetryTransientFailures = new("ProfileEngine.Webex.RetryTransientFailures");

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, WebexClientOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        builder.TimeProvider = timeProvider;
        builder
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "webex-rate-limit",
                MaxRetryAttempts = options.MaxRateLimitRetries,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(RateLimitDelay(args.Outcome.Result, options, timeProvider)),
            })
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "webex-transient",
                MaxRetryAttempts = options.MaxTransientRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.TransientRetryBaseDelay,
                MaxDelay = options.TransientRetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome, args.Context)),
            })
            .AddTimeout(new TimeoutStrategyOptions { Name = "webex-attempt-timeout", Timeout = options.AttemptTimeout });
    }

    /// <summary>Retry-After (seconds or a date), capped at <see cref="WebexClientOptions.MaxRetryAfter"/>; the default when absent.</summary>
    public static TimeSpan RateLimitDelay(HttpResponseMessage? response, WebexClientOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var delay = response?.Headers.RetryAfter switch
        {
            { Delta: { } seconds } => seconds,
            { Date: { } date } => date - timeProvider.GetUtcNow(),
            _ => options.DefaultRetryAfter,
        };

        return delay < TimeSpan.Zero ? TimeSpan.Zero
            : delay > options.MaxRetryAfter ? options.MaxRetryAfter
            : delay;
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (context.GetRequestMessage()?.Options.TryGetValue(RetryTransientFailures, out var retry) == true && !retry)
        {
            return false;
        }

        return outcome switch
        {
            { Exception: HttpRequestException or TimeoutRejectedException } => true,
            { Result.StatusCode: HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout } => true,
            _ => false,
        };
    }
}
