using HealthGateway.Checks.Core.Failures;
using HealthGateway.Checks.Kinds.Tls;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace HealthGateway.Checks.Kinds.Amqp;

/// <summary>
/// Connects to an AMQP 0-9-1 broker (RabbitMQ) with RabbitMQ.Client, opens a channel and closes both. Failures are
/// said in words: "authentication failed", "vhost not found: app", "connection refused (mq:5672)"; never the password.
/// Over <c>amqps://</c> the TLS handshake validates the broker's certificate through <paramref name="certificates"/>.
/// </summary>
public sealed class AmqpHealthCheck(AmqpHealthCheckOptions options, TimeProvider time, CertificateInspector? certificates = null) : IHealthCheck
{
    private const ushort AccessRefused = 403;
    private const ushort NotAllowed = 530;

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        using var budget = new CancellationTokenSource(options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var vhost = VhostOf(options.ConnectionString);
        var probe = ProbeAsync(CreateFactory(options, certificates), linked.Token);
        try
        {
            // Awaited up to the budget, not to the end: against a silent broker the client took 6 s to give up on
            // a 1 s handshake timeout here. The abandoned probe ends on its own; its fault is observed below.
            await probe.WaitAsync(linked.Token);
            return HealthCheckResult.Healthy($"AMQP channel opened in {Durations.Millis(time.GetElapsedTime(started))}");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            _ = probe.ContinueWith(static task => _ = task.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            // The client's own timeouts equal the budget, so whichever fires first, it is the budget that ran out.
            var description = budget.IsCancellationRequested || IsTimeout(exception)
                ? $"timed out after {Durations.Format(options.Timeout)} ({options.Target})"
                : IsHandshakeFailure(exception) && await NotAmqpAsync(linked.Token) is { } notAmqp
                    ? notAmqp
                    : Describe(exception, options.Target, vhost);
            return new HealthCheckResult(context.Registration.FailureStatus, description);
        }
    }

    // RabbitMQ.Client says "connection.start was never received, likely due to a network timeout" of a peer that
    // answered at once with something else. Its answer to our protocol header says what it is.
    private async Task<string?> NotAmqpAsync(CancellationToken ct)
    {
        var uri = options.ConnectionString;
        if (uri.Scheme != "amqp")
        {
            return null;
        }

        var answer = await PeerProbe.FirstAnswerAsync(uri.IdnHost, uri.Port > 0 ? uri.Port : 5672, "AMQP\0\0\u0009\u0001"u8.ToArray(), ct);
        return answer switch
        {
            null or { Length: 0 } => null,
            _ when answer.AsSpan().StartsWith("AMQP"u8) => $"not an AMQP 0-9-1 broker ({options.Target})",
            _ => $"not an AMQP server (it answered {PeerProbe.Quote(answer)}) ({options.Target})",
        };
    }

    private static bool IsHandshakeFailure(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is IOException io && io.Message.Contains("connection.start", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Describes a RabbitMQ.Client failure against <paramref name="target"/> in plain words.</summary>
    public static string Describe(Exception exception, string target, string vhost = "/")
    {
        var suffix = $" ({target})";
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case AuthenticationFailureException:
                    return $"authentication failed{suffix}";
                case PossibleAuthenticationFailureException:
                    return $"authentication failed (the broker closed the connection during login){suffix}";
                case OperationInterruptedException { ShutdownReason: { } reason } when reason.ReplyCode == NotAllowed
                    && reason.ReplyText.Contains("vhost", StringComparison.OrdinalIgnoreCase):
                    return $"vhost not found: {vhost}{suffix}";
                case OperationInterruptedException { ShutdownReason: { } reason } when reason.ReplyCode == AccessRefused
                    && reason.ReplyText.Contains("vhost", StringComparison.OrdinalIgnoreCase):
                    return $"access refused to vhost: {vhost}{suffix}";
                case OperationInterruptedException { ShutdownReason: { } reason } when reason.ReplyCode == AccessRefused:
                    return $"authentication failed{suffix}";
                case OperationInterruptedException { ShutdownReason: { } reason }:
                    return $"broker closed the connection: {reason.ReplyCode} {FirstWord(reason.ReplyText)}{suffix}";
                case ProtocolVersionMismatchException:
                    return $"not an AMQP 0-9-1 broker{suffix}";
                case System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException or EndOfStreamException:
                    return FailureDescriber.Describe(current, target);
            }
        }

        return exception is BrokerUnreachableException { InnerException: null }
            ? $"broker unreachable{suffix}"
            : FailureDescriber.Describe(exception.InnerException ?? exception, target);
    }

    /// <summary>The vhost an AMQP URI names: its path unescaped, "/" when empty.</summary>
    public static string VhostOf(Uri uri)
    {
        var path = uri.AbsolutePath.TrimStart('/');
        return path.Length == 0 ? "/" : Uri.UnescapeDataString(path);
    }

    private static async Task ProbeAsync(ConnectionFactory factory, CancellationToken ct)
    {
        await using var connection = await factory.CreateConnectionAsync(ct);
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: ct))
        {
            await channel.CloseAsync(ct);
        }

        await connection.CloseAsync(ct);
    }

    private static bool IsTimeout(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is TimeoutException or OperationCanceledException)
            {
                return true;
            }
        }

        return false;
    }

    private static ConnectionFactory CreateFactory(AmqpHealthCheckOptions options, CertificateInspector? certificates) => new()
    {
        Uri = options.ConnectionString,
        // Set after Uri, which enables TLS for amqps itself but with the client's own validation: ours judges the
        // certificate against the CA file and the injected clock, and remembers it for the entry's data.
        Ssl = options.ConnectionString.Scheme == "amqps"
            ? new SslOption
            {
                Enabled = true,
                ServerName = options.ConnectionString.IdnHost,
                CertificateValidationCallback = certificates is null ? null : certificates.Validate,
                CertificateSelectionCallback = certificates is null ? null : certificates.SelectClientCertificate,
            }
            : new SslOption(),
        // Each of the client's own timeouts (10-30 s by default) is cut to the check's budget.
        RequestedConnectionTimeout = options.Timeout,
        HandshakeContinuationTimeout = options.Timeout,
        ContinuationTimeout = options.Timeout,
        SocketReadTimeout = options.Timeout,
        SocketWriteTimeout = options.Timeout,
        AutomaticRecoveryEnabled = false,
        TopologyRecoveryEnabled = false,
        ClientProvidedName = "HealthGateway",
    };

    // ReplyText is "NOT_ALLOWED - vhost x not found" and may echo names; the code word is enough.
    private static string FirstWord(string text) => text.Split(' ', 2)[0];
}
