using System.CommandLine;

namespace HealthGateway.Api.CommandLine;

/// <summary><c>check [--json]</c>: every configured check once, without starting the server.</summary>
public static class CheckCommand
{
    /// <summary>Creates the verb.</summary>
    public static Command Create()
    {
        var json = new Option<bool>("--json")
        {
            Description = "Print the /health/ready JSON body instead of the table.",
        };
        var services = CommandLineOptions.Services();
        var command = new Command("check", """
            Run every configured check once, without starting the server; print a table, or --json.
            Configured as the server is: appsettings.json beside the binary, environment variables
            (HealthGateway__Services__api__Url=...), and --Key=Value overrides after the verb.
            --services a,b asks about those services only, every one required.
            Exit codes: 0 ready, 1 not ready, 2 configuration error or unknown service.
            """)
        {
            json,
            services,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (overrides, usageError) = ConfigurationArguments.From(parse.UnmatchedTokens);
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (usageError is not null)
            {
                await error.WriteLineAsync(usageError);
                return ExitCodes.UsageError;
            }

            await using var checks = LocalChecks.Create(overrides, error);
            if (checks is null)
            {
                return ExitCodes.UsageError;
            }

            if (LocalChecks.ResolveView(parse.GetValue(services), checks.Catalog, error) is not { } view)
            {
                return ExitCodes.UsageError;
            }

            var snapshot = view(await checks.RunOnceAsync(cancellationToken));
            if (parse.GetValue(json))
            {
                ReadinessReport.WriteJson(output, snapshot);
            }
            else
            {
                ReadinessReport.WriteTable(output, snapshot);
            }

            return snapshot.Ready ? ExitCodes.Ready : ExitCodes.NotReady;
        });
        return command;
    }
}
