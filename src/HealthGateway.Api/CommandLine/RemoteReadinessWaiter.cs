using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using HealthGateway.Api.Health;

namespace HealthGateway.Api.CommandLine;

/// <summary>
/// Waits for a running gateway to be ready using its server-side long poll (<c>/health/ready?wait=N</c>): one
/// request per wait, not a retry loop. Only while the gateway cannot be reached (it is still starting, or its
/// container is) does it retry, with a short backoff.
/// </summary>
public sealed class RemoteReadinessWaiter(Uri gateway, TextWriter output, TextWriter error)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(2);

    // The server answers by the end of the wait it was asked for; this covers the network on top of it.
    private static readonly TimeSpan AnswerGrace = TimeSpan.FromSeconds(5);

    /// <summary>Only these services, every one required (<c>?services=</c>); all critical ones when empty.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

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
        var shown = HealthGateway.Checks.Configuration.ServiceDefinitionFactory.SafeUrl(endpoint);

        // No proxy, as for probe: the gateway is asked directly, wherever the environment's proxy points.
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };
        var started = Stopwatch.GetTimestamp();
        var backoff = FirstBackoff;
        ReadinessResponse? lastReport = null;
        string? lastProblem = null;
        var lastProgress = "";

        while (timeout - Stopwatch.GetElapsedTime(started) is var remaining && remaining > TimeSpan.Zero)
        {
            // Whole seconds, as the endpoint takes them; under one second left, one last immediate answer.
            var waitSeconds = (int)Math.Min(Math.Floor(remaining.TotalSeconds), ReadinessQuery.MaxWaitSeconds);
            var query = new List<string>();
            if (waitSeconds >= 1)
            {
                query.Add("wait=" + waitSeconds.ToString(CultureInfo.InvariantCulture));
            }

            query.AddRange(Services.Select(s => "services=" + Uri.EscapeDataString(s)));
            var request = query.Count > 0 ? new Uri(endpoint + "?" + string.Join('&', query)) : endpoint;
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(remaining + AnswerGrace);
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
                    lastReport = await ReadReportAsync(response, attempt.Token) ?? lastReport;
                    lastProblem = lastReport is null ? Describe(response) : null;
                    backoff = FirstBackoff;
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
                    lastProblem = $"answered {Describe(response)}";
                }
            }
            catch (HttpRequestException exception)
            {
                lastProblem = exception.Message;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                lastProblem = "no answer";
            }

            var progress = lastProblem is not null
                ? $"waiting for the gateway at {shown}: {lastProblem}"
                : $"waiting for: {string.Join(", ", Missing(lastReport!))}";
            if (progress != lastProgress)
            {
                lastProgress = progress;
                await error.WriteLineAsync(progress);
            }

            // A 503 normally comes at the end of the long poll; one that comes early (the gateway is stopping)
            // and every failure to connect wait a little before the next try.
            var pause = Min(backoff, timeout - Stopwatch.GetElapsedTime(started));
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, cancellationToken);
            }

            backoff = Min(backoff * 2, LongestBackoff);
        }

        await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Timed out after {timeout.TotalSeconds:0.###} s."));
        if (lastProblem is null && lastReport is not null)
        {
            ReadinessReport.WriteVerdict(error, lastReport, ready: false);
        }
        else
        {
            await error.WriteLineAsync($"Not ready: the gateway at {shown} did not answer ready: {lastProblem ?? "no answer"}");
        }

        return ExitCodes.NotReady;
    }

    /// <summary>The critical services that hold readiness back; the phase when none does (the gateway is stopping).</summary>
    private static IEnumerable<string> Missing(ReadinessResponse report) =>
        report.CriticalServices.Where(name => report.UnavailableServices.Contains(name) || report.PendingServices.Contains(name)).ToList() is { Count: > 0 } missing
            ? missing
            : [$"the gateway ({report.Phase})"];

    private static async Task<ReadinessResponse?> ReadReportAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var report = await response.Content.ReadFromJsonAsync<ReadinessResponse>(HealthJson.Options, cancellationToken);
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

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
