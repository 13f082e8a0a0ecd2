using HealthGateway.Checks.Core.Assertions;
using HealthGateway.Checks.Core.Failures;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using StockRedisHealthCheck = HealthChecks.Redis.RedisHealthCheck;

namespace HealthGateway.Checks.Kinds.Redis;

/// <summary>
/// Runs AspNetCore.HealthChecks.Redis over the service's shared <see cref="RedisConnection"/>. While the
/// multiplexer is disconnected it answers at once with the reason the connection failed ("connection refused",
/// "authentication failed") instead of waiting for a command to time out.
/// </summary>
public sealed class RedisHealthCheck(RedisConnection connection, RedisHealthCheckOptions options, TimeProvider time) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        var connecting = connection.GetAsync();
        if (!connecting.IsCompleted)
        {
            // The first connect usually ends at once (connected, or refused), but the client may hold it for its
            // whole connect timeout, the check's budget, and the entry would then say "timed out" of a port that
            // refuses. After half the budget the server is asked directly instead.
            var halfBudget = Task.Delay(options.Timeout / 2, time, cancellationToken);
            if (await Task.WhenAny(connecting, halfBudget) != connecting)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return new HealthCheckResult(context.Registration.FailureStatus, await connection.DescribeDisconnectedAsync(cancellationToken));
            }
        }

        var multiplexer = await connecting;
        if (!multiplexer.IsConnected)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, await connection.DescribeDisconnectedAsync(cancellationToken));
        }

        var result = await new StockRedisHealthCheck(multiplexer).CheckHealthAsync(context, cancellationToken);
        if (result.Status == HealthStatus.Healthy)
        {
            if (options.ExpectKeys.Count == 0)
            {
                return HealthCheckResult.Healthy($"PING in {Durations.Millis(time.GetElapsedTime(started))}");
            }

            return await MissingKeysAsync(multiplexer, cancellationToken) is { } missing
                ? new HealthCheckResult(context.Registration.FailureStatus, $"{missing} ({options.Target})")
                : HealthCheckResult.Healthy($"PING and {options.ExpectKeys.Count} {(options.ExpectKeys.Count == 1 ? "key" : "keys")} in {Durations.Millis(time.GetElapsedTime(started))}");
        }

        if (result.Exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        // A connection failure mid-check is described as the server is now, not as the client last recorded it.
        var description = result.Exception is RedisConnectionException
            ? await connection.DescribeDisconnectedAsync(cancellationToken)
            : result.Exception is { } exception
                ? FailureDescriber.Describe(exception, options.Target)
                : result.Description ?? $"PING failed ({options.Target})";
        return new HealthCheckResult(result.Status, description);
    }

    // One EXISTS per key, sent together: one round trip, and the answer says which keys are missing.
    private async Task<string?> MissingKeysAsync(IConnectionMultiplexer multiplexer, CancellationToken cancellationToken)
    {
        var database = multiplexer.GetDatabase();
        var lookups = options.ExpectKeys.Select(key => database.KeyExistsAsync(key)).ToArray();
        var found = await Task.WhenAll(lookups).WaitAsync(cancellationToken);
        var missing = options.ExpectKeys.Where((_, i) => !found[i]).ToList();
        return missing.Count switch
        {
            0 => null,
            1 => $"key missing: {AssertionText.Shorten(missing[0])}",
            _ => $"keys missing: {AssertionText.Shorten(string.Join(", ", missing))}",
        };
    }
}
