using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace HealthGateway.Checks.Kinds.Redis;

/// <summary><c>redis</c>: ping a Redis server.</summary>
public sealed class RedisKind : ServiceKind<RedisServiceOptions>
{
    /// <inheritdoc />
    public override string Name => "redis";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SecretSettings => [nameof(RedisServiceOptions.ConnectionString)];

    /// <inheritdoc />
    public override string? Describe(Exception exception, string suffix, Func<Exception, string?> describe) => exception switch
    {
        // The client also calls a bare NOAUTH reply an authentication failure: only a refused password is one.
        RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure } failure =>
            RedisServerProbe.RefusesCredentials(failure) ? $"authentication failed{suffix}" : $"login not completed{suffix}",
        RedisTimeoutException => $"timed out waiting for Redis{suffix}",
        RedisException { InnerException: { } inner } => describe(inner),
        _ => null,
    };

    /// <inheritdoc />
    protected override void Bind(IConfigurationSection service, RedisServiceOptions options) => service.Bind(options);

    /// <inheritdoc />
    protected override string? ReadTarget(RedisServiceOptions options, Action<string, string> problem)
    {
        const string Field = nameof(RedisServiceOptions.ConnectionString);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            problem(Field, "missing; expected a StackExchange.Redis connection string such as localhost:6379");
            return null;
        }

        for (var i = 0; i < options.ExpectKeys.Count; i++)
        {
            if (string.IsNullOrEmpty(options.ExpectKeys[i]))
            {
                problem($"{nameof(RedisServiceOptions.ExpectKeys)}:{i}", "is empty; expected a key name such as seed:done");
            }
        }

        if (RedisTarget.TryDescribe(options.ConnectionString, out var target) is { } error)
        {
            problem(Field, error);
            return null;
        }

        return target;
    }

    /// <inheritdoc />
    protected override OwnedCheck Create(ServiceDefinition definition, RedisServiceOptions options, CheckServices services) =>
        Create(new RedisHealthCheckOptions
        {
            ConnectionString = options.ConnectionString!,
            Timeout = definition.Timeout,
            Target = definition.Target,
            ExpectKeys = options.ExpectKeys,
        }, services.Time);

    // One lazily connected multiplexer per service, disposed with the check.
    private static OwnedCheck Create(RedisHealthCheckOptions check, TimeProvider time)
    {
        var connection = new RedisConnection(check);
        return new OwnedCheck(new RedisHealthCheck(connection, check, time), connection);
    }

    /// <inheritdoc />
    protected override IEnumerable<string> Secrets(RedisServiceOptions options) => RedisTarget.Secrets(options.ConnectionString);
}
