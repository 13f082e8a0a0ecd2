using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Core.Targets;
using HealthGateway.Checks.Kinds.Tls;
using Microsoft.Extensions.Configuration;

namespace HealthGateway.Checks.Kinds.Amqp;

/// <summary>
/// <c>amqp</c>: connect to RabbitMQ (AMQP 0-9-1), open a channel and close both; over <c>amqps://</c> the broker's
/// certificate is judged like every kind that speaks TLS.
/// </summary>
public sealed class AmqpKind : ServiceKind<AmqpServiceOptions>
{
    /// <inheritdoc />
    public override string Name => "amqp";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SecretSettings => [nameof(AmqpServiceOptions.ConnectionString)];

    /// <inheritdoc />
    protected override void Bind(IConfigurationSection service, AmqpServiceOptions options) => service.Bind(options);

    /// <inheritdoc />
    protected override string? ReadTarget(AmqpServiceOptions options, Action<string, string> problem)
    {
        const string Field = nameof(AmqpServiceOptions.ConnectionString);
        // Checked whatever the scheme, as tcp without Tls and ws:// do: a broken CA path is a mistake either way,
        // and the URI (a secret) often comes from another configuration layer than these settings.
        options.CheckTls(problem);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            problem(Field, "missing; expected amqp://user:password@host:5672/vhost");
            return null;
        }

        // The text is never quoted: it holds the password.
        if (ParseUri(options.ConnectionString) is not { } uri)
        {
            problem(Field, "is not an amqp:// or amqps:// URI such as amqp://user:password@host:5672/vhost");
            return null;
        }

        return $"{uri.IdnHost}:{uri.Port}";
    }

    /// <inheritdoc />
    protected override OwnedCheck Create(ServiceDefinition definition, AmqpServiceOptions options, CheckServices services)
    {
        var uri = ParseUri(options.ConnectionString)!;
        var check = new AmqpHealthCheckOptions
        {
            ConnectionString = uri,
            Timeout = definition.Timeout,
            Target = definition.Target,
            Certificates = uri.Scheme == "amqps" ? options.ToCertificateOptions() : null,
        };
        return new OwnedCheck(CertificateChecks.Create(check.Certificates, check.Target, services.Time,
            inspector => new AmqpHealthCheck(check, services.Time, inspector)));
    }

    /// <inheritdoc />
    protected override IEnumerable<string> Secrets(AmqpServiceOptions options) => UrlTarget.Secrets(options.ConnectionString);

    // The scheme's default port when none is given, as RabbitMQ.Client itself does: 5672, or 5671 for amqps.
    private static Uri? ParseUri(string? text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps") || string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        return uri.IsDefaultPort || uri.Port <= 0
            ? new UriBuilder(uri) { Port = uri.Scheme == "amqps" ? 5671 : 5672 }.Uri
            : uri;
    }
}
