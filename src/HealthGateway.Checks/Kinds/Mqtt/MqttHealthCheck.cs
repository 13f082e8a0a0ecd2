using System.Net.Sockets;
using System.Security.Authentication;
using HealthGateway.Checks.Core.Failures;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Kinds.Tls;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Kinds.Mqtt;

/// <summary>
/// Connects to an MQTT broker with MQTTnet (MQTT 3.1.1, clean session) and disconnects cleanly; with a topic, it
/// subscribes, publishes a unique message and waits for it to come back. Failures are said in words: "authentication
/// failed", "subscribe to 'x' refused", "connection refused (mq:1883)"; never the password.
/// </summary>
public sealed class MqttHealthCheck(MqttHealthCheckOptions options, TimeProvider time, CertificateInspector? certificates = null) : IHealthCheck
{
    private static readonly MqttClientFactory s_factory = new();

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        using var budget = new CancellationTokenSource(options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        using var client = s_factory.CreateMqttClient();
        var stage = "connect";
        try
        {
            var connected = await client.ConnectAsync(BuildOptions(), linked.Token);
            if (connected.ResultCode != MqttClientConnectResultCode.Success)
            {
                return Fail(DescribeRefusal(connected.ResultCode));
            }

            if (options.Topic is { } topic)
            {
                stage = "round trip";
                if (await RoundTripAsync(client, topic, linked.Token) is { } problem)
                {
                    return Fail(problem);
                }
            }

            stage = "disconnect";
            await client.DisconnectAsync(MqttClientDisconnectOptionsReason.NormalDisconnection, cancellationToken: linked.Token);
            var what = options.Topic is null ? "MQTT connected" : "MQTT round trip";
            return HealthCheckResult.Healthy($"{what} in {Durations.Millis(time.GetElapsedTime(started))}");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            if (budget.IsCancellationRequested || exception is MqttCommunicationTimedOutException)
            {
                return Fail(stage == "round trip" && options.Topic is { } topic
                    ? $"published to {ConfigurationText.Quote(topic)} but the message did not come back within {Durations.Format(options.Timeout)} ({options.Target})"
                    : $"timed out after {Durations.Format(options.Timeout)} ({options.Target})");
            }

            return Fail(Describe(exception, options.Target));
        }

        HealthCheckResult Fail(string description) => new(context.Registration.FailureStatus, description);
    }

    /// <summary>Describes an MQTTnet failure against <paramref name="target"/> in plain words.</summary>
    public static string Describe(Exception exception, string target)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException or AuthenticationException)
            {
                return FailureDescriber.Describe(current, target);
            }
        }

        return exception switch
        {
            MqttCommunicationTimedOutException => $"timed out ({target})",
            MqttConnectingFailedException => $"the broker closed the connection during login; is it an MQTT broker? ({target})",
            MqttProtocolViolationException => $"not an MQTT broker ({target})",
            MqttCommunicationException => $"connection lost: {FailureText.FirstLine(exception.Message)} ({target})",
            _ => FailureDescriber.Describe(exception, target),
        };
    }

    private string DescribeRefusal(MqttClientConnectResultCode code) => code switch
    {
        MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized =>
            options.User is null
                ? $"authentication failed: the broker wants a user name and password ({options.Target})"
                : $"authentication failed ({options.Target})",
        MqttClientConnectResultCode.ServerUnavailable => $"broker unavailable ({options.Target})",
        MqttClientConnectResultCode.UnsupportedProtocolVersion => $"the broker does not speak MQTT 3.1.1 ({options.Target})",
        _ => $"the broker refused the connection: {code} ({options.Target})",
    };

    private async Task<string?> RoundTripAsync(IMqttClient client, string topic, CancellationToken ct)
    {
        var marker = $"healthgateway-{Guid.NewGuid():N}";
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += args =>
        {
            if (args.ApplicationMessage.Topic == topic && args.ApplicationMessage.ConvertPayloadToString() == marker)
            {
                received.TrySetResult();
            }

            return Task.CompletedTask;
        };

        var subscribed = await client.SubscribeAsync(topic, MqttQualityOfServiceLevel.AtLeastOnce, ct);
        if (subscribed.Items.FirstOrDefault() is { } item && item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
        {
            return $"subscribe to {ConfigurationText.Quote(topic)} refused: {item.ResultCode} ({options.Target})";
        }

        var published = await client.PublishStringAsync(topic, marker, MqttQualityOfServiceLevel.AtLeastOnce, retain: false, ct);
        if (!published.IsSuccess)
        {
            return $"publish to {ConfigurationText.Quote(topic)} refused: {published.ReasonCode} ({options.Target})";
        }

        await received.Task.WaitAsync(ct);
        return null;
    }

    private MqttClientOptions BuildOptions()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(options.Host, options.Port)
            .WithClientId($"healthgateway-{Guid.NewGuid():N}")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
            .WithCleanSession()
            .WithTimeout(options.Timeout);
        if (options.User is not null)
        {
            builder.WithCredentials(options.User, options.Password);
        }

        if (options.Tls)
        {
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls().WithTargetHost(options.Host);
                if (certificates is not null)
                {
                    tls.WithCertificateValidationHandler(args => certificates.Validate(this, args.Certificate, args.Chain, args.SslPolicyErrors));

                    // Offers ClientCertificate when the broker asks (mutual TLS) and counts the asking, so a broker that
                    // wants one and gets none is said as such. (MQTTnet spells the broker's certificate RemoveCertificate.)
                    tls.WithCertificateSelectionHandler(args => certificates.SelectClientCertificate(this, args.TargetHost, args.LocalCertificates,
                        args.RemoveCertificate, args.AcceptableIssuers)!);
                }
            });
        }

        return builder.Build();
    }
}
