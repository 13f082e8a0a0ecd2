using HealthGateway.Api.Hosting;

namespace HealthGateway.Api.CommandLine;

/// <summary>What the command-line verbs exit with, the same for <c>check</c>, <c>wait</c> and <c>probe</c>.</summary>
public static class ExitCodes
{
    /// <summary>Ready (check, wait) or the endpoint answered 2xx (probe).</summary>
    public const int Ready = 0;

    /// <summary>Not ready, not ready by the timeout, or the endpoint answered with a status other than 2xx.</summary>
    public const int NotReady = 1;

    /// <summary>
    /// <c>probe</c>: no HTTP answer at all (refused, unresolvable, timed out, not HTTP), as healthgateway-probe exits.
    /// The same number as a usage error: in both the endpoint was never heard from.
    /// </summary>
    public const int NoAnswer = 2;

    /// <summary>Bad configuration or bad command line: retrying will not help.</summary>
    public const int UsageError = StartupErrors.ConfigurationErrorExitCode;

    /// <summary>Interrupted (Ctrl+C, SIGTERM), as shells report it.</summary>
    public const int Interrupted = 130;
}
