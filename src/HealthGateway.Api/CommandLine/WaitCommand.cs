using System.CommandLine;
using System.Globalization;
using HealthGateway.Api.Health;
using HealthGateway.Checks.Pipeline.Readiness;

namespace HealthGateway.Api.CommandLine;

/// <summary>
/// <c>wait [--timeout 120] [--url http://gateway:8080]</c>: blocks until the environment is ready, for CI steps
/// and container entrypoints. With <c>--url</c> it asks a running gateway; without, it runs the checks itself.
/// </summary>
public static class WaitCommand
{
    /// <summary>Creates the verb.</summary>
    public static Command Create()
    {
        var timeout = CommandLineOptions.Seconds("--timeout", "Seconds to wait for readiness before giving up. Default 120.", 120);
        var url = CommandLineOptions.Url("--url",
            "A running gateway to ask (its base address, e.g. http://gateway:8080). Without it the checks run here.", null);
        var services = CommandLineOptions.Services();
        var command = new Command("wait", """
            Wait until every critical service is available (exit 0), or exit 1 at the timeout listing those that
            are not. With --url, ask that running gateway (server-side long poll); without, run the checks here,
            configured as the server is. --services a,b waits for those services only, every one required.
            Exit codes: 0 ready, 1 not ready in time, 2 configuration or usage error.
            """)
        {
            timeout,
            url,
            services,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var limit = TimeSpan.FromSeconds(parse.GetValue(timeout));
            var (overrides, usageError) = ConfigurationArguments.From(parse.UnmatchedTokens);
            if (parse.GetValue(url) is { } gateway)
            {
                if (parse.UnmatchedTokens.Count > 0)
                {
                    await error.WriteLineAsync($"unrecognised argument '{parse.UnmatchedTokens[0]}': with --url the running gateway's configuration applies");
                    return ExitCodes.UsageError;
                }

                return await new RemoteReadinessWaiter(gateway, output, error, TimeProvider.System) { Services = parse.GetValue(services) ?? [] }
                    .WaitAsync(limit, cancellationToken);
            }

            if (usageError is not null)
            {
                await error.WriteLineAsync(usageError);
                return ExitCodes.UsageError;
            }

            return await WaitLocallyAsync(overrides, parse.GetValue(services), limit, output, error, cancellationToken);
        });
        return command;
    }

    private static async Task<int> WaitLocallyAsync(IReadOnlyList<string> overrides, string[]? services, TimeSpan timeout, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        await using var checks = LocalChecks.Create(overrides, error);
        if (checks is null)
        {
            return ExitCodes.UsageError;
        }

        if (LocalChecks.ResolveView(services, checks.Catalog, error) is not { } view)
        {
            return ExitCodes.UsageError;
        }

        var waiting = "";
        var snapshot = await checks.WaitUntilReadyAsync(timeout, progress =>
        {
            // One line each time the set of critical services that hold readiness back changes, not one per poll.
            var missing = string.Join(", ", BlockingServices.Of(progress.CriticalServices, progress.UnavailableServices, progress.PendingServices));
            if (missing.Length > 0 && missing != waiting)
            {
                waiting = missing;
                error.WriteLine($"waiting for: {missing}");
            }
        }, cancellationToken, view);

        var report = HealthJson.ToResponse(snapshot);
        if (snapshot.Ready)
        {
            ReadinessReport.WriteVerdict(output, report, ready: true);
            return ExitCodes.Ready;
        }

        await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Timed out after {timeout.TotalSeconds:0.###} s."));
        ReadinessReport.WriteVerdict(error, report, ready: false);
        return ExitCodes.NotReady;
    }
}
