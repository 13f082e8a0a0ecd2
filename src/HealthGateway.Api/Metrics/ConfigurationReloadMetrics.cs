using System.Diagnostics.Metrics;
using HealthGateway.Checks.Composition.Reload;

namespace HealthGateway.Api.Metrics;

/// <summary>
/// <c>healthgateway.config.reloads</c> (<c>healthgateway_config_reloads_total{result}</c> on /metrics): configuration
/// reloads by result. Each result's series exists from the start at 0, so an alert on rejections needs no
/// <c>absent()</c>. It also makes /metrics forget the series of the services a reload removed.
/// </summary>
public sealed class ConfigurationReloadMetrics : IConfigurationReloadSink
{
    private readonly Counter<long> _reloads;
    private readonly PrometheusTextExposition _exposition;

    /// <summary>Creates the counter on the gateway's meter.</summary>
    public ConfigurationReloadMetrics(GatewayMeter meter, PrometheusTextExposition exposition)
    {
        _exposition = exposition;
        _reloads = meter.Meter.CreateCounter<long>(MetricNames.ConfigReloads, unit: null,
            "Configuration reloads, by result: applied, rejected (the running configuration stays) or unchanged.");
        foreach (var outcome in Enum.GetValues<ConfigurationReloadOutcome>())
        {
            _reloads.Add(0, Result(outcome));
        }
    }

    /// <inheritdoc />
    public void OnReload(ConfigurationReload reload)
    {
        _reloads.Add(1, Result(reload.Outcome));
        foreach (var service in reload.Removed)
        {
            _exposition.ForgetService(service);
        }
    }

    private static KeyValuePair<string, object?> Result(ConfigurationReloadOutcome outcome) =>
        new("result", outcome.ToString().ToLowerInvariant());
}
