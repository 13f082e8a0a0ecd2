using HealthGateway.Api.Hosting;

namespace HealthGateway.Api.CommandLine;

/// <summary>What the command-line verbs exit with, the same for <c>check</c>, <c>wait</c> and <c>probe</c>.</summary>
public static class ExitCodes
{
    /// <summary>Ready (check, wait) or the endpoint answered 2xx (probe).</summary>
    public const int Ready = 0;

    /// <summary>Not ready, not ready by the timeout, or the endpoint did not answer 2xx.</summary>
    public const int NotReady = 1;

    /// <summary>Bad configuration or bad command line: retrying will not help.</summary>
    public const int UsageError = StartupErrors.ConfigurationErrorExitCode;

    /// <summary>Interrupted (Ctrl+C, SIGTERM), as shells report it.</summary>
    public const int Interrupted = 130;
}
