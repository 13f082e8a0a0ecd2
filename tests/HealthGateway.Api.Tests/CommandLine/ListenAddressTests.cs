using System.Globalization;
using System.Net;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.CommandLine;

/// <summary>
/// The server, as a real process, listens where ASP.NET Core's own settings say, as every ASP.NET Core user,
/// container image and manifest expects; only without any of them does it take http://localhost:8080.
/// </summary>
public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("ASPNETCORE_URLS")]
    [InlineData("DOTNET_URLS")]
    [InlineData("URLS")]
    [InlineData("Urls")]
    public async Task TheGatewayListensWhereAUrlsVariableSays(string variable)
    {
        var port = FreePort.Get();
        var url = $"http://127.0.0.1:{port}";

        await using var gateway = GatewayProcess.Start([], new Dictionary<string, string> { [variable] = url });

        await AssertListensAsync(gateway, url, port);
    }

    [Fact]
    public async Task TheGatewayListensOnAllInterfacesOnTheAspNetCoreHttpPort()
    {
        var port = FreePort.Get();

        await using var gateway = GatewayProcess.Start([], new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = Text(port) });

        // HTTP_PORTS means every interface: [::] (dual mode), or 0.0.0.0 where IPv6 is off.
        await gateway.WaitForOutputAsync($"Now listening on: http://");
        Assert.Matches($@"Now listening on: http://(\[::\]|0\.0\.0\.0):{port}\b", gateway.Output);
        await AssertAnswersAsync(gateway, port);
    }

    [Theory]
    [InlineData("--urls={0}")]
    [InlineData("--urls {0}")]
    public async Task TheGatewayListensWhereTheUrlsArgumentSays(string argument)
    {
        var port = FreePort.Get();
        var url = $"http://127.0.0.1:{port}";

        await using var gateway = GatewayProcess.Start(string.Format(CultureInfo.InvariantCulture, argument, url).Split(' '));

        await AssertListensAsync(gateway, url, port);
    }

    [Fact]
    public async Task TheGatewayListensOnTheKestrelEndpointsOfItsConfiguration()
    {
        var port = FreePort.Get();
        var url = $"http://127.0.0.1:{port}";

        await using var gateway = GatewayProcess.Start([], new Dictionary<string, string> { ["Kestrel__Endpoints__Http__Url"] = url });

        await AssertListensAsync(gateway, url, port);
    }

    [Fact]
    public async Task WithoutAListenSettingTheGatewayTakesPort8080OnLocalhostOnly()
    {
        // Port 8080 is shared with the machine (another test, a developer's gateway): either this gateway listens
        // there, or its bind of exactly localhost:8080 is what fails. Both show where it chose to listen.
        await using var gateway = GatewayProcess.Start([]);

        var output = await Eventually.ReturnsAsync(() => gateway.Output,
            output => output.Contains("Now listening on: ", StringComparison.Ordinal) || output.Contains("address already in use", StringComparison.Ordinal),
            "the gateway listens or fails to bind");

        if (output.Contains("address already in use", StringComparison.Ordinal))
        {
            Assert.Matches(@"Failed to bind to address http://(localhost|127\.0\.0\.1|\[::1\]):8080: address already in use", output);
        }
        else
        {
            Assert.Contains("Now listening on: http://localhost:8080", output, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"Now listening on: http://(\[::\]|0\.0\.0\.0|\*|\+):", output);
            await AssertAnswersAsync(gateway, 8080);
        }
    }

    private static async Task AssertListensAsync(GatewayProcess gateway, string url, int port)
    {
        await gateway.WaitForOutputAsync($"Now listening on: {url}");
        await AssertAnswersAsync(gateway, port);
    }

    /// <summary>Liveness answers on the port, and the framework did not have to override anything to get there.</summary>
    private static async Task AssertAnswersAsync(GatewayProcess gateway, int port)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{Text(port)}/health/live"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("Overriding", gateway.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Single(gateway.Output.Split('\n'), line => line.Contains("Now listening on: ", StringComparison.Ordinal));
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
