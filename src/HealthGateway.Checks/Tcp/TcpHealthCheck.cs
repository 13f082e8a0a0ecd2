using System.Net.Sockets;
using HealthGateway.Checks.Execution;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Tcp;

/// <summary>A plain TCP connect, for dependencies that have no check of their own.</summary>
public sealed class TcpHealthCheck(TcpHealthCheckOptions options, TimeProvider time) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, cancellationToken);
        }
        catch (SocketException exception)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, FailureDescriber.Describe(exception, options.Target));
        }

        return HealthCheckResult.Healthy($"TCP connect in {Durations.Millis(time.GetElapsedTime(started))}");
    }
}
