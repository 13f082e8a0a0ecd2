using System.CommandLine;
using System.Globalization;

namespace HealthGateway.Api.CommandLine;

/// <summary>
/// <c>probe [--url …] [--timeout 3]</c>: one GET, for container health checks, so that the image needs no curl.
/// </summary>
public static class ProbeCommand
{
    /// <summary>The endpoint probed when no <c>--url</c> is given: the gateway's own liveness in its container.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080/health/live";

    /// <summary>Creates the verb.</summary>
    public static Command Create()
    {
        var url = CommandLineOptions.Url("--url", $"The endpoint to GET. Default {DefaultUrl}.", DefaultUrl);
        var timeout = CommandLineOptions.Seconds("--timeout", "Seconds to wait for the answer. Default 3.", 3);
        var command = new Command("probe", """
            GET one endpoint once and exit 0 when it answers 2xx, 1 on any other status, 2 when there is no HTTP
            answer (refused, timed out, not HTTP): the exit codes of healthgateway-probe, the small binary the
            image's HEALTHCHECK runs. Meant for container probes.
            """)
        {
            url,
            timeout,
        };
        command.SetAction((parse, cancellationToken) =>
            ProbeAsync(parse.GetRequiredValue(url), TimeSpan.FromSeconds(parse.GetValue(timeout)),
                parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> ProbeAsync(Uri url, TimeSpan timeout, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // No proxy: a probe asks the process next to it, and a proxy set in the image must not decide its health.
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, ConnectTimeout = timeout })
        {
            Timeout = timeout,
        };
        // Printed without user info or query: container runtimes keep health-check output (docker inspect).
        var shown = HealthGateway.Checks.Composition.Validation.ServiceDefinitionFactory.SafeUrl(url);
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
            if (response.IsSuccessStatusCode)
            {
                await output.WriteLineAsync($"{shown}: {status}");
                return ExitCodes.Ready;
            }

            await error.WriteLineAsync($"{shown}: {status}");
            return ExitCodes.NotReady;
        }
        catch (HttpRequestException exception)
        {
            await error.WriteLineAsync($"{shown}: {exception.Message}");
            return ExitCodes.NoAnswer;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{shown}: no answer within {timeout.TotalSeconds:0.###} s"));
            return ExitCodes.NoAnswer;
        }
    }
}
