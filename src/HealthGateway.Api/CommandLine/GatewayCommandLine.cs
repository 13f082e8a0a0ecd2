using System.CommandLine;

namespace HealthGateway.Api.CommandLine;

/// <summary>
/// The command-line verbs of the gateway binary: <c>check</c>, <c>wait</c>, <c>probe</c>. With no verb the binary
/// runs the server, so Program.cs asks <see cref="Handles"/> first.
/// </summary>
public static class GatewayCommandLine
{
    private static readonly string[] Verbs = ["check", "wait", "probe"];
    private static readonly string[] HelpOptions = ["--help", "-h", "-?", "--version"];

    /// <summary>True when <paramref name="args"/> start with a verb or ask for help; anything else is the server's.</summary>
    public static bool Handles(string[] args) =>
        args.Length > 0 && (Verbs.Contains(args[0], StringComparer.Ordinal) || HelpOptions.Contains(args[0], StringComparer.Ordinal));

    /// <summary>Parses and runs a verb; returns the process exit code.</summary>
    public static async Task<int> InvokeAsync(string[] args)
    {
        var root = new RootCommand("""
            HealthGateway: answers "is this environment ready?".
            Without a command it runs the gateway server (settings as --Key=Value, e.g. --urls=http://+:8080).
            """)
        {
            CheckCommand.Create(),
            WaitCommand.Create(),
            ProbeCommand.Create(),
        };

        // The binary's own name in usage lines, in both builds: System.CommandLine takes the process's file name
        // without its "extension", which for the native executable HealthGateway.Api would be "HealthGateway".
        root.HelpName = "HealthGateway.Api";

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // A bad command line is a usage error (2), never confused with "not ready" (1).
            foreach (var parseError in parse.Errors)
            {
                await Console.Error.WriteLineAsync(parseError.Message);
            }

            await Console.Error.WriteLineAsync($"See '{parse.CommandResult.Command.Name} --help'.");
            return ExitCodes.UsageError;
        }

        try
        {
            // Exceptions are not turned into exit code 1, which means "not ready" here.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
    }
}
