using System.Diagnostics;
using HealthGateway.Checks.Core.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Pipeline.Running;

/// <summary>
/// The trace side of a check run: one span per run of one service's check, carrying the service, its kind, its
/// target (already free of secrets) and the outcome. Nothing is recorded unless a listener (the OpenTelemetry
/// tracer the Api registers when an OTLP endpoint is configured, or a test) subscribes to <see cref="SourceName"/>.
/// </summary>
public static class CheckActivities
{
    /// <summary>The <see cref="ActivitySource"/> name to subscribe to.</summary>
    public const string SourceName = "HealthGateway.Checks";

    /// <summary>The span name of a check run.</summary>
    public const string CheckRunName = "healthgateway.check";

    private static readonly ActivitySource s_source = new(SourceName);

    /// <summary>Starts the span of one run of <paramref name="definition"/>'s check; null when nobody listens.</summary>
    public static Activity? Start(ServiceDefinition definition)
    {
        var activity = s_source.StartActivity(CheckRunName, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.DisplayName = $"check {definition.Name}";
            activity.SetTag("healthgateway.service", definition.Name);
            activity.SetTag("healthgateway.kind", definition.Kind);
            activity.SetTag("healthgateway.critical", definition.Critical);
            activity.SetTag("healthgateway.target", definition.Target);
        }

        return activity;
    }

    /// <summary>Records <paramref name="result"/> (status and its redacted description) on the span.</summary>
    public static void Complete(Activity? activity, ServiceCheckResult result)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag("healthgateway.status", result.Status.ToString());
        activity.SetTag("healthgateway.description", result.Description);
        activity.SetStatus(result.Status == HealthStatus.Unhealthy ? ActivityStatusCode.Error : ActivityStatusCode.Ok,
            result.Status == HealthStatus.Unhealthy ? result.Description : null);
    }
}
