using HealthGateway.Checks.Core.Failures;
using HealthGateway.Checks.Kinds.Redis;
using StackExchange.Redis;

namespace HealthGateway.Api.Backplane;

/// <summary>
/// Why the backplane's Redis client is not connected, asked of the server now (see <see cref="RedisServerProbe"/>,
/// which the redis check uses too), within the backplane's own budget and in the backplane's words.
/// </summary>
internal static class RedisDiagnosis
{
    /// <summary>One line naming <paramref name="target"/>, within <paramref name="timeout"/>; never a credential.</summary>
    public static async Task<string> DescribeAsync(
        ConfigurationOptions configuration, string target, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (configuration.EndPoints.FirstOrDefault() is not { } endPoint)
        {
            return $"not connected ({target})";
        }

        if (configuration.Ssl)
        {
            // A plain-text conversation would say nothing true about a TLS endpoint.
            return $"not connected to Redis over TLS ({target})";
        }

        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            return await RedisServerProbe.DescribeAsync(endPoint, configuration, target, linked.Token)
                ?? $"Redis answers, but the backplane's client is not connected yet ({target})";
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return $"timed out after {Durations.Format(timeout)} waiting for Redis ({target})";
        }
    }
}
