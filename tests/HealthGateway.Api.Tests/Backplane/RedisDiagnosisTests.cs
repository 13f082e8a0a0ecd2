using HealthGateway.Api.Backplane;
using HealthGateway.Testing;
using StackExchange.Redis;

namespace HealthGateway.Api.Tests.Backplane;

/// <summary>
/// The backplane's own diagnosis of a Redis it is not connected to, against a real password-protected redis-server:
/// "authentication failed" only when the server refused the credentials it was given, and the cause as it is now.
/// </summary>
public sealed class RedisDiagnosisTests
{
    private const string Password = "diag-pw-2231";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task WithTheRightPasswordAnAnsweringRedisIsNeverCalledAnAuthenticationFailure()
    {
        await using var redis = await RedisServer.StartAsync(password: Password);

        var description = await DescribeAsync(redis.ConnectionString, redis);

        Assert.Equal($"Redis answers, but the backplane's client is not connected yet (127.0.0.1:{redis.Port})", description);
    }

    [Fact]
    public async Task AWrongPasswordIsAnAuthenticationFailureAndNoPasswordIsSaidSo()
    {
        await using var redis = await RedisServer.StartAsync(password: Password);

        var wrong = await DescribeAsync($"127.0.0.1:{redis.Port},password=not-it", redis);
        var none = await DescribeAsync($"127.0.0.1:{redis.Port}", redis);

        Assert.StartsWith("authentication failed", wrong, StringComparison.Ordinal);
        Assert.DoesNotContain("not-it", wrong, StringComparison.Ordinal);
        Assert.Equal($"Redis requires a password, and the connection string gives none (127.0.0.1:{redis.Port})", none);
    }

    [Fact]
    public async Task AFrozenRedisTimesOutWithinTheBudgetAndAStoppedOneRefuses()
    {
        await using var redis = await RedisServer.StartAsync(password: Password);

        redis.Freeze();
        string frozen;
        try
        {
            frozen = await DescribeAsync(redis.ConnectionString, redis);
        }
        finally
        {
            redis.Thaw();
        }

        await redis.StopAsync();
        var stopped = await DescribeAsync(redis.ConnectionString, redis);

        Assert.Equal($"timed out after 1 s waiting for Redis (127.0.0.1:{redis.Port})", frozen);
        Assert.Equal($"connection refused (127.0.0.1:{redis.Port})", stopped);
    }

    // The freeze's effect without its timing: the client's handshake never completes, and a bare PING is answered
    // -NOAUTH, as a password-protected server answers any command before AUTH. Only AUTH tells the two cases apart.
    [Fact]
    public async Task AServerThatAcceptsThePasswordIsNotAnAuthenticationFailureThoughABarePingGetsNoAuth()
    {
        await using var server = ScriptedRedisServer.Start(Password);

        // The scripted server answers at once: the budget is only a hang guard, generous for a loaded machine.
        var description = await DescribeAsync($"127.0.0.1:{server.Port},password={Password}", server.Port, s_hangGuard);

        Assert.Equal($"Redis answers, but the backplane's client is not connected yet (127.0.0.1:{server.Port})", description);
        Assert.Equal(["AUTH", "PING"], server.Commands);
    }

    [Fact]
    public async Task AServerThatAnswersWrongPassIsAnAuthenticationFailure()
    {
        await using var server = ScriptedRedisServer.Start(Password);

        var description = await DescribeAsync($"127.0.0.1:{server.Port},password=not-it", server.Port, s_hangGuard);

        Assert.Equal($"authentication failed (127.0.0.1:{server.Port})", description);
    }

    private static Task<string> DescribeAsync(string connectionString, RedisServer redis) => DescribeAsync(connectionString, redis.Port);

    private static Task<string> DescribeAsync(string connectionString, int port, TimeSpan? timeout = null) =>
        RedisDiagnosis.DescribeAsync(
            ConfigurationOptions.Parse(connectionString), $"127.0.0.1:{port}", timeout ?? s_timeout, TimeProvider.System, CancellationToken.None);
}
