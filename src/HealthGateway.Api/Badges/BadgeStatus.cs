using HealthGateway.Checks.Pipeline.Readiness;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Api.Badges;

/// <summary>What a badge says on its right half, and in which colour (shields.io's named colours).</summary>
internal sealed record BadgeStatus(string Text, string Color)
{
    public const string Green = "#4c1";
    public const string Yellow = "#dfb317";
    public const string Red = "#e05d44";
    public const string Grey = "#9f9f9f";

    public static BadgeStatus Pending { get; } = new("pending", Grey);

    /// <summary>A service's reported status; pending until it has been checked.</summary>
    public static BadgeStatus Of(HealthStatus? status) => status switch
    {
        HealthStatus.Healthy => new("healthy", Green),
        HealthStatus.Degraded => new("degraded", Yellow),
        HealthStatus.Unhealthy => new("unhealthy", Red),
        _ => Pending,
    };

    /// <summary>The readiness verdict, as <c>/health/ready</c> gives it: ready, ready but degraded, or not ready.</summary>
    public static BadgeStatus Of(ReadinessSnapshot snapshot) => snapshot switch
    {
        { Phase: GatewayPhase.Stopping } => new("stopping", Grey),
        { Ready: true, Status: HealthStatus.Healthy } => new("ready", Green),
        { Ready: true } => new("degraded", Yellow),
        _ => new("not ready", Red),
    };
}
