using HealthChecks.Uris;
using HealthGateway.Checks.Core.Failures;
using HealthGateway.Checks.Core.OAuth2;
using HealthGateway.Checks.Core.Proxies;
using HealthGateway.Checks.Core.Secrets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Kinds.Http;

/// <summary>
/// GETs a URL through AspNetCore.HealthChecks.Uris over the service's own handler chain (which carries the retry
/// handler; see <see cref="HttpCheckCreation"/>), and says what came back:
/// "HTTP 200 in 12 ms", "HTTP 500 from http://api:8000/health (expected 200-299)".
/// </summary>
/// <param name="options">What to request and accept.</param>
/// <param name="createClient">Creates a client over the service's handler chain.</param>
/// <param name="time">The clock durations are measured with.</param>
/// <param name="redactor">Masks secrets in response text before an assertion's description quotes it; null masks nothing.</param>
public sealed class HttpHealthCheck(HttpHealthCheckOptions options, Func<HttpClient> createClient, TimeProvider time, SecretRedactor? redactor = null) : IHealthCheck
{
    private readonly UriHealthCheck _uriCheck = new(BuildUriOptions(options), createClient);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        var recording = HttpResponseRecorder.Begin(options.Expectations.ReadsBody ? HttpExpectations.BodyLimit : 0);
        var result = await _uriCheck.CheckHealthAsync(context, cancellationToken);
        var elapsed = time.GetElapsedTime(started);

        if (result.Exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            // Our budget ran out: let the runner report it as the timeout it is, not as "operation canceled".
            throw new OperationCanceledException(cancellationToken);
        }

        if (recording.StatusCode is 407 && options.Proxy.ShownFor(options.Url) is { } proxy)
        {
            // Through a forward proxy (http://) its refusal arrives as the response; through a tunnel as an exception.
            return new HealthCheckResult(context.Registration.FailureStatus, $"{ProxyRoute.Answered(proxy, 407)} ({options.Target})");
        }

        if (recording.StatusCode is { } code)
        {
            if (!options.ExpectedStatusCodes.Contains(code))
            {
                return new HealthCheckResult(context.Registration.FailureStatus,
                    $"HTTP {code} from {options.Target} (expected {options.ExpectedStatusCodes.Text})");
            }

            // Quoted response text goes only into the description, which the runner redacts; never into data.
            return options.Expectations.Judge(recording, redactor is null ? null : redactor.Redact) is { } failure
                ? new HealthCheckResult(context.Registration.FailureStatus, $"{failure} ({options.Target})")
                : HealthCheckResult.Healthy($"HTTP {code} in {Durations.Millis(elapsed)}");
        }

        return result.Exception is { } exception
            ? new HealthCheckResult(context.Registration.FailureStatus, exception is TokenEndpointException token ? token.Message
                : options.Proxy.Describe(exception, options.Url) is { } viaProxy ? $"{viaProxy} ({options.Target})"
                : FailureDescriber.Describe(exception, options.Target))
            : new HealthCheckResult(context.Registration.FailureStatus, $"no HTTP response from {options.Target}");
    }

    private static UriHealthCheckOptions BuildUriOptions(HttpHealthCheckOptions options)
    {
        var uriOptions = new UriHealthCheckOptions();
        uriOptions.AddUri(options.Url, uri =>
        {
            uri.UseGet();

            // Our runner owns the deadline; the Uris check's own timeout is only a backstop behind it.
            uri.UseTimeout(options.Timeout + TimeSpan.FromSeconds(1));

            // Accept every code here and judge it ourselves, so lists like "200,401" work and a wrong code is
            // reported with its number.
            uri.ExpectHttpCodes(100, 599);
            foreach (var (name, value) in options.Headers)
            {
                uri.AddCustomHeader(name, value);
            }
        });
        return uriOptions;
    }
}
