using System.Globalization;
using System.Net;
using System.Text.Json;
using HealthGateway.Api.Health;
using HealthGateway.Checks.Pipeline.Readiness;
using Polly;
using Polly.Retry;

namespace HealthGateway.Api.CommandLine;

/// <summary>
/// Waits for a running gateway to be ready using its server-side long poll (<c>/health/ready?wait=N</c>): one
/// request per wait, not a retry loop. Only while the gateway cannot be reached (it is still starting, or its
/// container is) does it retry, with a short backoff: a Polly retry pipeline on <paramref name="time"/>.
/// </summary>
public sealed class RemoteReadinessWaiter(Uri gateway, TextWriter output, TextWriter error, TimeProvider time)
{
    /// <summary>The services asked about (<c>?services=</c>); empty asks about every critical service.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>The pause after the first failed try, and after every early 503.</summary>
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest pause between tries: the pause doubles up to this.</summary>
    public static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(2);

    // The server answers by the end of the wait it was asked for; this covers the network on top of it.
    private static readonly TimeSpan AnswerGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The readiness endpoint of <paramref name="gateway"/>: its base address plus <c>/health/ready</c>, or the
    /// address itself when it already ends so.
    /// </summary>
    public static Uri ReadinessUrl(Uri gateway)
    {
        var path = gateway.AbsolutePath.TrimEnd('/');
        var builder = new UriBuilder(gateway)
        {
            Path = path.EndsWith("/health/ready", StringComparison.OrdinalIgnoreCase) ? path : path + "/health/ready",
            Query = "",
            Fragment = "",
        };
        return builder.Uri;
    }

    /// <summary>Exits 0 when the gateway answers ready, 1 when it has not by <paramref name="timeout"/>, 2 when the URL is wrong.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var endpoint = ReadinessUrl(gateway);

        // What is printed leaves out user info and query: a URL given on a command line may carry credentials.
        var shown = HealthGateway.Checks.Composition.Validation.ServiceDefinitionFactory.SafeUrl(endpoint);

        // No proxy, as for probe: the gateway is asked directly, wherever the environment's proxy points.
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };
        var state = new WaitState(timeout, time);
        var pipeline = RetryWhileNotAnswered(state);
        var exitCode = await pipeline.ExecuteAsync(
            static async (args, token) => await args.Waiter.TryOnceAsync(args.Client, args.Endpoint, args.Shown, args.State, token),
            (Waiter: this, Client: client, Endpoint: endpoint, Shown: shown, State: state), cancellationToken);
        if (exitCode is { } answered)
        {
            return answered;
        }

        await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Timed out after {timeout.TotalSeconds:0.###} s."));
        if (state.LastProblem is null && state.LastReport is not null)
        {
            ReadinessReport.WriteVerdict(error, state.LastReport, ready: false);
        }
        else
        {
            await error.WriteLineAsync($"Not ready: the gateway at {shown} did not answer ready: {state.LastProblem ?? "no answer"}");
        }

        return ExitCodes.NotReady;
    }

    /// <summary>
    /// Retries every "not yet" (null) while time is left: right after an early 503 (the gateway is stopping) with
    /// <see cref="FirstBackoff"/>, otherwise doubling up to <see cref="LongestBackoff"/>, never past the timeout.
    /// </summary>
    private ResiliencePipeline<int?> RetryWhileNotAnswered(WaitState state) =>
        new ResiliencePipelineBuilder<int?> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<int?>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome is { Exception: null, Result: null } && state.Remaining > TimeSpan.Zero),
                MaxRetryAttempts = int.MaxValue,
                DelayGenerator = _ => ValueTask.FromResult<TimeSpan?>(state.NextPause()),
            })
            .Build();

    /// <summary>One request: an exit code when the answer settles the wait, null for "not yet" (retried).</summary>
    private async Task<int?> TryOnceAsync(HttpClient client, Uri endpoint, string shown, WaitState state, CancellationToken cancellationToken)
    {
        var remaining = state.Remaining;
        if (remaining <= TimeSpan.Zero)
        {
            return null;
        }

        // Whole seconds, as the endpoint takes them; under one second left, one last immediate answer.
        var waitSeconds = (int)Math.Min(Math.Floor(remaining.TotalSeconds), ReadinessQuery.MaxWaitSeconds);
        var query = new List<string>();
        if (waitSeconds >= 1)
        {
            query.Add("wait=" + waitSeconds.ToString(CultureInfo.InvariantCulture));
        }

        query.AddRange(Services.Select(service => "services=" + Uri.EscapeDataString(service)));
        var request = query.Count > 0 ? new Uri(endpoint + "?" + string.Join('&', query)) : endpoint;
        using var answerLimit = new CancellationTokenSource(remaining + AnswerGrace, time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, answerLimit.Token);
        try
        {
            using var response = await client.GetAsync(request, attempt.Token);
            if (response.IsSuccessStatusCode)
            {
                if (await ReadReportAsync(response, attempt.Token) is { } ready)
                {
                    ReadinessReport.WriteVerdict(output, ready, ready: true);
                }
                else
                {
                    await output.WriteLineAsync($"Ready: {shown} answered {Describe(response)}");
                }

                return ExitCodes.Ready;
            }

            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                state.LastReport = await ReadReportAsync(response, attempt.Token) ?? state.LastReport;
                state.LastProblem = state.LastReport is null ? Describe(response) : null;
                state.ResetBackoff();
            }
            else if ((int)response.StatusCode is >= 400 and < 500
                     && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests))
            {
                // Retrying a 404 for two minutes helps nobody: the address is wrong. 408 and 429 are passing
                // states (a busy proxy, a rate limit) and are retried like a 5xx. A 400 is the gateway refusing
                // the question (an unknown service): its problem detail says which.
                await error.WriteLineAsync(response.StatusCode == HttpStatusCode.BadRequest && await ReadProblemAsync(response, attempt.Token) is { } detail
                    ? $"{shown} refused the question: {detail}"
                    : $"{shown} answered {Describe(response)}; --url must be the gateway's base address, e.g. http://gateway:8080");
                return ExitCodes.UsageError;
            }
            else
            {
                state.LastProblem = $"answered {Describe(response)}";
            }
        }
        catch (HttpRequestException exception)
        {
            state.LastProblem = exception.Message;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            state.LastProblem = "no answer";
        }

        var progress = state.LastProblem is not null
            ? $"waiting for the gateway at {shown}: {state.LastProblem}"
            : $"waiting for: {string.Join(", ", Missing(state.LastReport!))}";
        if (progress != state.LastProgress)
        {
            state.LastProgress = progress;
            await error.WriteLineAsync(progress);
        }

        return null;
    }

    /// <summary>The critical services that hold readiness back; the phase when none does (the gateway is stopping).</summary>
    private static IEnumerable<string> Missing(ReadinessResponse report) =>
        BlockingServices.Of(report.CriticalServices, report.UnavailableServices, report.PendingServices) is { Count: > 0 } missing
            ? missing
            : [$"the gateway ({report.Phase})"];

    private static async Task<ReadinessResponse?> ReadReportAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var report = await response.Content.ReadFromJsonAsync(HealthJson.Readiness, cancellationToken);
            return report is { Entries: not null, UnavailableServices: not null, CriticalServices: not null, PendingServices: not null } ? report : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            // Not JSON at all: whatever answers there is not a gateway.
            return null;
        }
    }

    private static async Task<string?> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(HttpResponseMessage response) =>
        string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
}
