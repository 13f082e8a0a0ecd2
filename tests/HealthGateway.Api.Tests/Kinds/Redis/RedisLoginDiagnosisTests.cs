using System.Text.Json;
using HealthGateway.Api.Tests.Backplane;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Kinds.Redis;

/// <summary>
/// Issue 16 item 4, without the freeze's timing: after SIGSTOP/SIGCONT the client's connect failed, and the
/// first-connect diagnosis sent a bare PING, got <c>-NOAUTH</c> and called a correct password refused. A scripted
/// Redis on loopback gives that situation every time (the client's handshake never completes; a bare PING is
/// answered -NOAUTH; AUTH with its password +OK), to the redis check and the backplane through a real gateway.
/// </summary>
public sealed class RedisLoginDiagnosisTests
{
    private const string Password = "scripted-pw-8812";

    [Fact]
    public async Task WithTheRightPasswordAFailedConnectIsNeverCalledAnAuthenticationFailure()
    {
        await using var server = ScriptedRedisServer.Start(Password);
        var connectionString = $"127.0.0.1:{server.Port},password={Password}";
        await using var gateway = await StartAsync(connectionString);

        var body = await gateway.WaitForReadinessAsync(b => b.HasEntries("redis", "backplane")
            && b.EntryDescription("redis") == $"Redis answers, but the client is not connected yet (127.0.0.1:{server.Port})"
            && b.EntryDescription("backplane").StartsWith(
                $"Redis unavailable: Redis answers, but the backplane's client is not connected yet (127.0.0.1:{server.Port})", StringComparison.Ordinal));

        Assert.Equal("Unhealthy", body.EntryStatus("redis"));
        Assert.Equal("Degraded", body.EntryStatus("backplane"));
        var seen = await EverythingSaidAsync(gateway, body);
        Assert.DoesNotContain(seen, text => text.Contains("authentication", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("PING", server.Commands);
    }

    [Fact]
    public async Task AWrongPasswordIsAnAuthenticationFailure()
    {
        await using var server = ScriptedRedisServer.Start(Password);
        await using var gateway = await StartAsync($"127.0.0.1:{server.Port},password=not-the-one");

        var body = await gateway.WaitForReadinessAsync(b => b.HasEntries("redis", "backplane")
            && b.EntryDescription("redis") == $"authentication failed (127.0.0.1:{server.Port})"
            && b.EntryDescription("backplane").StartsWith($"Redis unavailable: authentication failed (127.0.0.1:{server.Port})", StringComparison.Ordinal));

        Assert.Equal("Unhealthy", body.EntryStatus("redis"));
        Assert.Equal("Degraded", body.EntryStatus("backplane"));
        Assert.DoesNotContain("not-the-one", body.ToString(), StringComparison.Ordinal);
    }

    // The check's timeout only bounds the client's connect here (a hang guard): generous for a loaded machine.
    private static Task<GatewayHost> StartAsync(string connectionString) =>
        Replicas.Settings(connectionString)
            .Set("HealthGateway:Backplane:PublishTimeout", "00:00:05")
            .Service("redis", "redis", connectionString, fields: ("Timeout", "00:00:05"))
            .StartAsync();

    // The current readiness, each entry's history and transitions, and every log line: where a false alarm would show.
    private static async Task<List<string>> EverythingSaidAsync(GatewayHost gateway, JsonElement ready)
    {
        var seen = new List<string> { ready.ToString() };
        foreach (var name in new[] { "redis", "backplane" })
        {
            var (_, details) = await gateway.GetJsonAsync($"/health/services/{name}");
            seen.Add(details.ToString());
        }

        seen.AddRange(gateway.Logs.RenderedLines());
        return seen;
    }
}
