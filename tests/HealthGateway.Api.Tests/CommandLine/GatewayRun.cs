namespace HealthGateway.Api.Tests.CommandLine;

/// <summary>How a gateway process ended.</summary>
internal sealed record GatewayRun(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{StandardOutput}--- stderr ---\n{StandardError}";
}
