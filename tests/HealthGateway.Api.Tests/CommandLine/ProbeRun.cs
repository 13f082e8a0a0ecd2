namespace HealthGateway.Api.Tests.CommandLine;

/// <summary>How a healthgateway-probe process ended, and how long it ran (start to exit, as its caller saw it).</summary>
internal sealed record ProbeRun(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    /// <summary>The one line the probe prints on stderr; the test fails when it printed anything else.</summary>
    public string Line
    {
        get
        {
            var lines = StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 1 && StandardOutput.Length == 0, $"expected exactly one line on stderr and nothing on stdout\n{this}");
            return lines[0];
        }
    }

    public override string ToString() => $"exit code {ExitCode} after {Elapsed.TotalMilliseconds:0} ms\n--- stdout ---\n{StandardOutput}--- stderr ---\n{StandardError}";
}
