using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using Microsoft.Extensions.Configuration;

namespace HealthGateway.Checks.Kinds.Push;

/// <summary>
/// <c>push</c>: a heartbeat service. Batch jobs and crons report in with <c>POST /heartbeat/{service}</c> instead of
/// being asked; no heartbeat within <c>Within</c> is Unhealthy.
/// </summary>
public sealed class PushKind : ServiceKind<PushServiceOptions>
{
    /// <inheritdoc />
    public override string Name => "push";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SecretSettings => [nameof(PushServiceOptions.Token)];

    /// <inheritdoc />
    protected override void Bind(IConfigurationSection service, PushServiceOptions options) => service.Bind(options);

    /// <inheritdoc />
    protected override string? ReadTarget(PushServiceOptions options, Action<string, string> problem)
    {
        if (options.Within is not { } within)
        {
            problem(nameof(options.Within), "missing; expected how often a heartbeat must arrive, such as 00:05:00");
            return null;
        }

        if (within <= TimeSpan.Zero)
        {
            problem(nameof(options.Within), "must be positive, such as 00:05:00");
            return null;
        }

        if (options.Token is { } token && string.IsNullOrWhiteSpace(token))
        {
            problem(nameof(options.Token), "is blank; remove it to accept heartbeats without a token");
            return null;
        }

        return "heartbeat";
    }

    /// <inheritdoc />
    protected override OwnedCheck Create(ServiceDefinition definition, PushServiceOptions options, CheckServices services) =>
        // Created with its service, not at the first run: it takes heartbeats from the start, owned here or not. Its
        // disposal withdraws it from the gateway's one HeartbeatBoard.
        new(new PushHealthCheck(definition.Name, options.Within!.Value, options.Token, services.Shared<HeartbeatBoard>(), services.Time));

    /// <inheritdoc />
    protected override IEnumerable<string> Secrets(PushServiceOptions options) => options.Token is { Length: > 0 } token ? [token] : [];
}
