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

    private static Task<string> DescribeAsync(string connectionString, RedisServer redis) =>
        RedisDiagnosis.DescribeAsync(
            ConfigurationOptions.Parse(connectionString), $"127.0.0.1:{redis.Port}", s_timeout, TimeProvider.System, CancellationToken.None);
}
