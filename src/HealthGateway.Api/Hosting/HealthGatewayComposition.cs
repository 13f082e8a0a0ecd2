using HealthGateway.Api.AgentEvents;
using HealthGateway.Api.Alerts;
using HealthGateway.Api.Backplane;
using HealthGateway.Api.Badges;
using HealthGateway.Api.Dashboard;
using HealthGateway.Api.Diagnostics;
using HealthGateway.Api.Fleet;
using HealthGateway.Api.Health;
using HealthGateway.Api.Heartbeats;
using HealthGateway.Api.Logging;
using HealthGateway.Api.Metrics;
using HealthGateway.Api.Notifications;
using HealthGateway.Api.Reload;
using HealthGateway.Api.Security;
using HealthGateway.Api.Silences;
using HealthGateway.Api.Telemetry;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Hosting;

/// <summary>
/// The whole gateway as one composition, used by Program.cs and by tests that host the real thing on a real
/// port, so both run exactly the same services and pipeline.
/// </summary>
public static class HealthGatewayComposition
{
    /// <summary>Registers every feature.</summary>
    public static WebApplicationBuilder AddHealthGateway(this WebApplicationBuilder builder)
    {
        // First: the --config file may hold anything the features below read.
        builder.AddGatewayConfigurationFile();
        builder.UseDefaultListenAddress();
        builder.AddGatewaySerilog();
        builder.Services.AddProblemDetails();
        builder.AddGatewayAccess();
        builder.AddGatewayHealth();
        builder.AddGatewayMetrics();
        builder.AddGatewayTelemetry();
        builder.AddSilences();
        builder.AddHeartbeats();
        builder.AddGatewayAlerts();
        builder.AddDashboard();

        // The agent-event pipeline: the manager is the terminal sink; the backplane decorates it when configured.
        builder.AddNotifications().WithBackplaneWhenConfigured();

        // On the backplane's Redis: replicas share the checks, and each transition is alerted once.
        builder.AddFleetWhenConfigured();
        builder.AddNotifierDiagnostics();
        builder.AddEventIntake();
        return builder;
    }

    /// <summary>Builds the request pipeline and maps every endpoint.</summary>
    public static WebApplication MapHealthGateway(this WebApplication app)
    {
        ValidateConfiguration(app.Services);

        // Unhandled errors become a plain problem+json 500: never a stack trace in a response.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseGatewayRequestLogging();

        // Inside the request logging: a body the client broke is its 4xx and one warning, not a logged 500.
        app.UseMiddleware<BrokenRequestMiddleware>();
        app.MapHealthEndpoints();
        app.MapBadges();
        app.MapGatewayMetrics();
        app.MapDashboard();
        app.MapNotifications();
        app.MapNotifierDiagnostics();
        app.MapEventEndpoints();
        app.MapSilences();
        app.MapAccessEndpoints();
        app.MapHeartbeats();
        return app;
    }

    /// <summary>
    /// Runs the start-up validation now, before the host starts and logs anything, so a bad configuration ends
    /// with one line instead of the host's "failed to start" error and a stack trace.
    /// </summary>
    private static void ValidateConfiguration(IServiceProvider services)
    {
        services.GetService<IStartupValidator>()?.Validate();

        // Both refuse duplicate check names; resolving them here surfaces that at once too.
        _ = services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>();
        _ = services.GetRequiredService<HealthGateway.Checks.Pipeline.Snapshots.ServiceCatalog>();
    }
}
