using System.Globalization;
using System.Text.Json;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.CommandLine;

/// <summary>
/// The environment's proxy variables, honoured as in any .NET program, in a gateway process (the variables are
/// process-wide): a service without <c>Proxy</c> goes through <c>HTTP_PROXY</c>/<c>HTTPS_PROXY</c>, a host in
/// <c>NO_PROXY</c> goes directly, and <c>Proxy: ""</c> goes directly whatever the environment says.
/// </summary>
public sealed class ProxyEnvironmentProcessTests
{
    private const string Password = "Env-Pr0xy-Passw0rd-51ab";

    [Fact]
    public async Task TheEnvironmentsProxyIsUsedUnlessNoProxyNamesTheHostOrTheServiceSaysProxyEmpty()
    {
        await using var proxy = ProxyServer.Start("envuser", Password);
        await using var viaEnvironment = await TargetServer.StartAsync();
        await using var switchedOff = await TargetServer.StartAsync();
        await using var notProxied = await TargetServer.StartAsync();
        var port = FreePort.Get();
        var environment = new CliEnvironment
        {
            ["Urls"] = $"http://127.0.0.1:{Text(port)}",
            ["HTTP_PROXY"] = $"http://envuser:{Password}@{proxy.Address}",
            ["HTTPS_PROXY"] = $"http://envuser:{Password}@{proxy.Address}",
            ["NO_PROXY"] = "localhost",
            ["HealthGateway__Notifications__HealthCheckEnabled"] = "false",
            ["HealthGateway__Services__viaEnvironment__Kind"] = "http",
            ["HealthGateway__Services__viaEnvironment__Url"] = viaEnvironment.BaseUrl + "/ok",
            ["HealthGateway__Services__switchedOff__Kind"] = "http",
            ["HealthGateway__Services__switchedOff__Url"] = switchedOff.BaseUrl + "/ok",
            ["HealthGateway__Services__switchedOff__Proxy"] = "",
            ["HealthGateway__Services__notProxied__Kind"] = "websocket",
            ["HealthGateway__Services__notProxied__Url"] = $"ws://localhost:{Text(notProxied.Port)}/ws/echo",
        };
        await using var gateway = GatewayProcess.Start([], environment);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var body = await ReadyAsync(http, port, gateway, "viaEnvironment", "switchedOff", "notProxied");

        foreach (var service in new[] { "viaEnvironment", "switchedOff", "notProxied" })
        {
            Assert.True(body.GetProperty("entries").GetProperty(service).GetProperty("status").GetString() == "Healthy", $"{service}: {body}\n{gateway.Output}");
        }

        Assert.Contains($"127.0.0.1:{Text(viaEnvironment.Port)}", proxy.Targets);
        Assert.DoesNotContain($"127.0.0.1:{Text(switchedOff.Port)}", proxy.Targets);
        Assert.DoesNotContain(proxy.Targets, target => target.EndsWith(":" + Text(notProxied.Port), StringComparison.Ordinal));
        Assert.True(switchedOff.Hits("/ok") > 0, "the service with Proxy \"\" reached its target directly");

        // The environment's proxy password is as secret as a configured one.
        var details = await http.GetStringAsync(new Uri($"http://127.0.0.1:{Text(port)}/health/services/viaEnvironment"));
        Assert.DoesNotContain(Password, body.ToString() + details + gateway.Output);
    }

    [Fact]
    public async Task AnEnvironmentProxyThatWantsCredentialsIsNamedInTheDescription()
    {
        await using var proxy = ProxyServer.Start("envuser", Password);
        await using var target = await TargetServer.StartAsync();
        var port = FreePort.Get();
        var environment = new CliEnvironment
        {
            ["Urls"] = $"http://127.0.0.1:{Text(port)}",
            ["HTTP_PROXY"] = proxy.Url,
            ["HealthGateway__Services__api__Kind"] = "http",
            ["HealthGateway__Services__api__Url"] = target.BaseUrl + "/ok",
            ["HealthGateway__Services__api__Retries"] = "0",
            ["HealthGateway__Notifications__HealthCheckEnabled"] = "false",
        };
        await using var gateway = GatewayProcess.Start([], environment);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var body = await ReadyAsync(http, port, gateway, "api");

        var description = body.GetProperty("entries").GetProperty("api").GetProperty("description").GetString();
        Assert.StartsWith($"proxy {proxy.Address} answered 407 Proxy Authentication Required (", description);
    }

    // The readiness body once every one of services has a result (not pending).
    private static async Task<JsonElement> ReadyAsync(HttpClient http, int port, GatewayProcess gateway, params string[] services)
    {
        JsonElement body = default;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{Text(port)}/health/ready"));
                body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                return body.TryGetProperty("entries", out var entries) && services.All(service => entries.TryGetProperty(service, out var entry)
                    && entry.GetProperty("status").GetString() is "Healthy" or "Unhealthy" or "Degraded");
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, $"the gateway checks every service\n{gateway.Output}", TimeSpan.FromSeconds(30));
        return body;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
