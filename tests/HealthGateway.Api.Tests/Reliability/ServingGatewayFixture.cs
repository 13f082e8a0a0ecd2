using System.Net;
using System.Text.Json;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using Serilog.Events;

namespace HealthGateway.Api.Tests.Reliability;

/// <summary>
/// One gateway with one healthy critical http service, shared by a class of hostile-input tests, and the proof
/// after each attack that it still serves.
/// </summary>
public abstract class ServingGatewayFixture : IAsyncLifetime
{
    private TargetServer? _target;

    public GatewayHost Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _target = await TargetServer.StartAsync();
        Gateway = await new GatewaySettings()
            .Set("HealthGateway:Notifications:DiagnosticsPermitLimit", "10000")
            .Service("api", "http", $"{_target.BaseUrl}/ok", critical: true)
            .StartAsync(ConfigureServices);
        await Gateway.WaitForReadinessAsync(body => body.HasEntry("api"));
    }

    /// <summary>The gateway answers liveness, runs a full diagnostics sequence, and has logged no error.</summary>
    public async Task AssertStillServingAsync()
    {
        using var live = await Gateway.Client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var diagnostics = await Gateway.Client.PostAsync("/diagnostics/notifier?timeout=10", content: null);
        var report = JsonDocument.Parse(await diagnostics.Content.ReadAsStringAsync()).RootElement;
        Assert.True(diagnostics.StatusCode == HttpStatusCode.OK, $"diagnostics: {(int)diagnostics.StatusCode} {report}");
        var errors = Gateway.Logs.Events.Where(e => e.Level >= LogEventLevel.Error).Select(e => e.RenderMessage()).ToList();
        Assert.True(errors.Count == 0, "errors logged: " + string.Join(" | ", errors));
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await _target!.DisposeAsync();
    }

    /// <summary>What a test class changes in the gateway's services (Kestrel's limits, say).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }
}
