using HealthGateway.Api.Alerts;
using HealthGateway.Api.Dashboard;
using HealthGateway.Api.Health;
using HealthGateway.Api.Logging;
using HealthGateway.Api.Metrics;
using HealthGateway.Api.Notifications;

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
        builder.AddGatewaySerilog();
        builder.Services.AddProblemDetails();
        builder.AddGatewayHealth();
        builder.AddGatewayMetrics();
        builder.AddGatewayAlerts();
        builder.AddDashboard();
        builder.AddNotifications();
        return builder;
    }

    /// <summary>Builds the request pipeline and maps every endpoint.</summary>
    public static WebApplication MapHealthGateway(this WebApplication app)
    {
        // Unhandled errors become a plain problem+json 500: never a stack trace in a response.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseGatewayRequestLogging();
        app.MapHealthEndpoints();
        app.MapGatewayMetrics();
        app.MapDashboard();
        app.MapNotifications();
        return app;
    }
}
