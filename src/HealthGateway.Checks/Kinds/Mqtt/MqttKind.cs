using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Core.Targets;
using HealthGateway.Checks.Kinds.Tls;
using Microsoft.Extensions.Configuration;

namespace HealthGateway.Checks.Kinds.Mqtt;

/// <summary>
/// <c>mqtt</c>: connect to an MQTT broker and disconnect cleanly; with <c>Topic</c>, publish there and receive the
/// message back. Over <c>mqtts://</c> the broker's certificate is judged like every kind that speaks TLS.
/// </summary>
public sealed class MqttKind : ServiceKind<MqttServiceOptions>
{
    /// <inheritdoc />
    public override string Name => "mqtt";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SecretSettings => [nameof(MqttServiceOptions.ConnectionString)];

    /// <inheritdoc />
    protected override void Bind(IConfigurationSection service, MqttServiceOptions options) => service.Bind(options);

    /// <inheritdoc />
    protected override string? ReadTarget(MqttServiceOptions options, Action<string, string> problem)
    {
        const string Field = nameof(MqttServiceOptions.ConnectionString);
        options.CheckTls(problem);
        if (options.Topic is { } topic && (topic.Length == 0 || topic.IndexOfAny(['+', '#', '\0']) >= 0))
        {
            problem(nameof(options.Topic), $"{ConfigurationText.Quote(topic)} is not a topic to publish to (no wildcards + or #)");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            problem(Field, "missing; expected mqtt://user:password@host:1883");
            return null;
        }

        // The text is never quoted: it may hold the password.
        if (ParseUri(options.ConnectionString) is not { } uri)
        {
            problem(Field, "is not an mqtt:// or mqtts:// URI such as mqtt://user:password@host:1883");
            return null;
        }

        return $"{uri.IdnHost}:{uri.Port}";
    }

    /// <inheritdoc />
    protected override OwnedCheck Create(ServiceDefinition definition, MqttServiceOptions options, CheckServices services)
    {
        var uri = ParseUri(options.ConnectionString)!;
        var (user, password) = Credentials(uri);
        var tls = uri.Scheme == "mqtts";
        var check = new MqttHealthCheckOptions
        {
            Host = uri.IdnHost,
            Port = uri.Port,
            User = user,
            Password = password,
            Topic = string.IsNullOrEmpty(options.Topic) ? null : options.Topic,
            Timeout = definition.Timeout,
            Tls = tls,
            Certificates = tls ? options.ToCertificateOptions() : null,
        };
        return new OwnedCheck(CertificateChecks.Create(check.Certificates, check.Target, services.Time,
            inspector => new MqttHealthCheck(check, services.Time, inspector)));
    }

    /// <inheritdoc />
    protected override IEnumerable<string> Secrets(MqttServiceOptions options) => UrlTarget.Secrets(options.ConnectionString);

    private static (string? User, string? Password) Credentials(Uri uri)
    {
        if (string.IsNullOrEmpty(uri.UserInfo))
        {
            return (null, null);
        }

        var parts = uri.UserInfo.Split(':', 2);
        return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : null);
    }

    // The scheme's default port when none is given: 1883, or 8883 for mqtts.
    private static Uri? ParseUri(string? text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("mqtt" or "mqtts") || string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        return uri.IsDefaultPort || uri.Port <= 0
            ? new UriBuilder(uri) { Port = uri.Scheme == "mqtts" ? 8883 : 1883 }.Uri
            : uri;
    }
}
