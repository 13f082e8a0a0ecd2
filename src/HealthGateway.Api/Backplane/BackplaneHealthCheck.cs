using HealthGateway.Checks.Execution;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace HealthGateway.Api.Backplane;

/// <summary>
/// Registered as <c>backplane</c> (tag <c>backplane</c>, failure status Degraded, not critical): Healthy while this
/// replica is subscribed, Redis answers a PING on the subscription connection, and did not refuse the last PUBLISH;
/// otherwise the reason, and that events reach only this replica's connections. Local delivery goes on either way,
/// so the gateway stays ready.
/// </summary>
public sealed class BackplaneHealthCheck(RedisBackplane backplane, TimeProvider timeProvider) : IHealthCheck
{
    private const string LocalOnly = "events reach only this replica's connections";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var counters = backplane.Counters;
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["replica"] = backplane.ReplicaId,
            ["channel"] = backplane.Channel,
            ["published"] = counters.Published,
            ["received"] = counters.Received,
            ["localFallbacks"] = counters.LocalFallbacks,
            ["unconfirmed"] = counters.Unconfirmed,
            ["rejected"] = counters.Rejected,
        };

        if (backplane.Multiplexer is not { } multiplexer)
        {
            return Failed($"connecting to Redis ({backplane.Target}); {LocalOnly} until it is subscribed");
        }

        if (!multiplexer.IsConnected)
        {
            return Failed($"Redis unavailable: {await backplane.DescribeDisconnectedAsync(cancellationToken)}; {LocalOnly} until it reconnects");
        }

        if (!backplane.IsSubscribed)
        {
            return Failed($"connected to Redis ({backplane.Target}) but not subscribed to '{backplane.Channel}' yet; {LocalOnly}");
        }

        var started = timeProvider.GetTimestamp();
        try
        {
            // Over the subscription connection: the one the events arrive on.
            await multiplexer.GetSubscriber().PingAsync().WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // RedisTimeoutException (a hung Redis) is a TimeoutException, not a RedisException. Described with
            // host:port only: the connection string may hold a password.
            return Failed($"{FailureDescriber.Describe(ex, backplane.Target)}; {LocalOnly}");
        }

        if (backplane.PublishRefusal is { } refusal)
        {
            // Subscribed, so other replicas' events arrive; but this replica's own go nowhere else.
            return Failed($"subscribed to '{backplane.Channel}' on {backplane.Target}, but Redis refused the last PUBLISH: {refusal}; " +
                "events accepted here reach only this replica's connections until one succeeds");
        }

        return HealthCheckResult.Healthy(
            $"subscribed to '{backplane.Channel}' on {backplane.Target}; PING in {Durations.Format(timeProvider.GetElapsedTime(started))}", data);

        HealthCheckResult Failed(string description) => new(context.Registration.FailureStatus, description, data: data);
    }
}
