using System.Net;
using System.Net.Sockets;

namespace HealthGateway.Api.Tests.CommandLine;

/// <summary>A server that cannot listen says why in one line and exits 2, like any other configuration error.</summary>
public sealed class ListenFailureTests
{
    [Fact]
    public async Task APortInUseIsOneLineAndExit2()
    {
        using var busy = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        busy.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        busy.Listen();
        var url = $"http://127.0.0.1:{((IPEndPoint)busy.LocalEndPoint!).Port}";

        var run = await GatewayProcess.RunAsync([], new CliEnvironment { ["Urls"] = url });

        AssertOneLine(run, $"cannot listen on {url}: address already in use");
    }

    [Fact]
    public async Task APortBelow1024WithoutThePrivilegeIsOneLineAndExit2()
    {
        // As root the bind would succeed: the gateway is run as nobody instead, as an unprivileged container runs it.
        IReadOnlyList<string>? wrapper = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root"
            ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            : null;
        var environment = new CliEnvironment { ["Urls"] = "http://127.0.0.1:81", ["HOME"] = Path.GetTempPath(), ["DOTNET_CLI_HOME"] = Path.GetTempPath() };

        var run = await GatewayProcess.RunAsync([], environment, wrapper: wrapper);

        AssertOneLine(run, "cannot listen on http://127.0.0.1:81: permission denied (a port below 1024 needs root or CAP_NET_BIND_SERVICE; choose a port from 1024 up)");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ACertificateThatCannotBeReadIsOneLineAndExit2(bool exists)
    {
        var folder = Directory.CreateTempSubdirectory("hg-cert-");
        try
        {
            var path = Path.Combine(folder.FullName, "gateway.pfx");
            if (exists)
            {
                await File.WriteAllTextAsync(path, "not a certificate");
            }

            var run = await GatewayProcess.RunAsync([], new CliEnvironment
            {
                ["Urls"] = "https://127.0.0.1:0",
                ["Kestrel__Certificates__Default__Path"] = path,
                ["Kestrel__Certificates__Default__Password"] = "pfx-secret-password",
            });

            var line = AssertOneLine(run, "cannot read the TLS certificate: ");
            Assert.DoesNotContain("pfx-secret-password", run.StandardOutput + run.StandardError, StringComparison.Ordinal);
            if (!exists)
            {
                Assert.Contains(path, line, StringComparison.Ordinal);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string AssertOneLine(GatewayRun run, string expected)
    {
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.DoesNotContain("   at ", run.StandardOutput + run.StandardError);
        Assert.DoesNotContain("Unhandled exception", run.StandardOutput + run.StandardError);
        var line = Assert.Single(run.StandardError.Trim().Split('\n'));
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        return line;
    }
}
