using System.Globalization;

namespace HealthGateway.Api.Tests.Infrastructure;

/// <summary>Builds the flat configuration keys a test gateway is started with.</summary>
public sealed class GatewaySettings
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.OrdinalIgnoreCase)
    {
        ["HealthGateway:PollInterval"] = "00:00:00.200",
        ["HealthGateway:DefaultTimeout"] = "00:00:02",
        ["Serilog:MinimumLevel:Default"] = "Debug",

        // Tests that are about the notifier turn it back on; elsewhere it would add an entry to every report.
        ["HealthGateway:Notifications:HealthCheckEnabled"] = "false",
    };

    public GatewaySettings Set(string key, string? value)
    {
        _values[key] = value;
        return this;
    }

    public GatewaySettings PollEvery(TimeSpan interval) => Set("HealthGateway:PollInterval", interval.ToString("c", CultureInfo.InvariantCulture));

    /// <summary>Adds a service; <paramref name="fields"/> are pairs such as ("Timeout", "00:00:01").</summary>
    public GatewaySettings Service(string name, string kind, string target, bool critical = false, params (string Field, string Value)[] fields)
    {
        var prefix = $"HealthGateway:Services:{name}:";
        _values[prefix + "Kind"] = kind;
        _values[prefix + TargetField(kind)] = target;
        _values[prefix + "Critical"] = critical ? "true" : "false";
        foreach (var (field, value) in fields)
        {
            _values[prefix + field] = value;
        }

        return this;
    }

    /// <summary>The key that holds a kind's target: its connection string, URL, name or host.</summary>
    public static string TargetField(string kind) => kind switch
    {
        "postgres" or "redis" or "mysql" or "amqp" or "mqtt" => "ConnectionString",
        "dns" => "Name",
        "icmp" => "Host",
        "push" => "Within",
        _ => "Url",
    };

    public Task<GatewayHost> StartAsync(Action<IServiceCollection>? configureServices = null, Action<WebApplication>? configureApp = null) =>
        GatewayHost.StartAsync(_values, configureServices, configureApp);

    public IDictionary<string, string?> ToDictionary() => new Dictionary<string, string?>(_values);
}
