using HealthGateway.Checks.Core.Failures;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace HealthGateway.Api.Backplane;

/// <summary>
/// Registered as <c>backplane</c> (tag <c>backplane</c>, failure status Degraded, not critical): Healthy while this
/// replica is subscribed, Redis answers a PING on the subscription connection, and did not refuse the last PUBLISH;
/// otherwise the reason, and that events reach only this replica's connections. Local delivery goes on either way,
/// so the gateway stays ready. Every run ends within PublishTimeout, the backplane's own budget, and says why
/// in words that name host:port: a frozen Redis is Degraded, never the gateway's Unhealthy "timed out".
/// </summary>
internal sealed class BackplaneHealthCheck(
    BackplaneConnection connection,
    BackplaneSubscription subscription,
    BackplaneStatistics statistics,
    IOptions<BackplaneOptions> options,
    TimeProvider timeProvider) : IHealthCheck
{
    private const string LocalOnly = "events reach only this replica's connections";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var budget = options.Value.PublishTimeout;
        var counters = statistics.Counters;
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["replica"] = connection.ReplicaId,
            ["channel"] = connection.ChannelName,
            ["published"] = counters.Published,
            ["received"] = counters.Received,
            ["localFallbacks"] = counters.LocalFallbacks,
            ["unconfirmed"] = counters.Unconfirmed,
            ["rejected"] = counters.Rejected,
        };

        if (connection.Multiplexer is not { } multiplexer)
        {
            return Failed($"connecting to Redis ({connection.Target}); {LocalOnly} until it is subscribed");
        }

        if (!multiplexer.IsConnected)
        {
            return Failed($"Redis unavailable: {await connection.DiagnoseAsync(budget, cancellationToken)}; {LocalOnly} until it reconnects");
        }

        if (!subscription.IsSubscribed)
        {
            return Failed($"connected to Redis ({connection.Target}) but not subscribed to '{connection.ChannelName}' yet; {LocalOnly}");
        }

        var started = timeProvider.GetTimestamp();
        try
        {
            // Over the subscription connection: the one the events arrive on.
            await multiplexer.GetSubscriber().PingAsync().WaitAsync(budget, timeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Ours or the client's (RedisTimeoutException): connected, but Redis does not answer (hung, frozen).
            return Failed($"timed out after {Durations.Format(budget)} waiting for Redis ({connection.Target}); {LocalOnly}");
        }
        catch (RedisException)
        {
            // The connection broke under the PING: say why as things are now, not the client's words for the break.
            var remaining = budget - timeProvider.GetElapsedTime(started);
            var reason = remaining > TimeSpan.Zero
                ? await connection.DiagnoseAsync(remaining, cancellationToken)
                : $"connection lost ({connection.Target})";
            return Failed($"Redis unavailable: {reason}; {LocalOnly} until it reconnects");
        }

        if (statistics.PublishRefusal is { } refusal)
        {
            // Subscribed, so other replicas' events arrive; but this replica's own go nowhere else.
            return Failed($"subscribed to '{connection.ChannelName}' on {connection.Target}, but Redis refused the last PUBLISH: {refusal}; " +
                "events accepted here reach only this replica's connections until one succeeds");
        }

        return HealthCheckResult.Healthy(
            $"subscribed to '{connection.ChannelName}' on {connection.Target}; PING in {Durations.Format(timeProvider.GetElapsedTime(started))}", data);

        HealthCheckResult Failed(string description) => new(context.Registration.FailureStatus, description, data: data);
    }
}
