using HealthGateway.Checks.Core.Model;
using Microsoft.Extensions.Configuration;

namespace HealthGateway.Checks.Composition.Validation;

/// <summary>
/// The <c>HealthGateway</c> section read in one pass: the gateway's own settings, and each service's settings in a
/// small configuration of its own (same keys, same paths). Start-up, validation and reload bind, validate and
/// fingerprint services from here rather than from the whole configuration, because a lookup of a section's
/// children there scans every key: once per service, that made 10,000 services a minute of start-up.
/// </summary>
public sealed class GatewayConfiguration
{
    private static readonly IConfigurationRoot Empty = new ConfigurationBuilder().Build();
    private readonly Dictionary<string, IConfigurationSection> _byName;

    private GatewayConfiguration(string path, IConfigurationSection gateway, IReadOnlyList<IConfigurationSection> services)
    {
        Path = path;
        Gateway = gateway;
        Services = services;
        _byName = services.ToDictionary(service => service.Key, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The section's path (<c>HealthGateway</c>).</summary>
    public string Path { get; }

    /// <summary>The section without its services: the gateway's own settings and its groups.</summary>
    public IConfigurationSection Gateway { get; }

    /// <summary>One section per configured service (<c>HealthGateway:Services:&lt;name&gt;</c>), ordered as configuration orders keys.</summary>
    public IReadOnlyList<IConfigurationSection> Services { get; }

    /// <summary>Reads the <c>HealthGateway</c> section of <paramref name="configuration"/> as it is now, in one pass over its keys.</summary>
    public static GatewayConfiguration Read(IConfiguration configuration) =>
        Group(GatewayOptions.SectionName, ConfigurationPairs.Under(configuration, GatewayOptions.SectionName));

    /// <summary>Reads <paramref name="gatewaySection"/> (the <c>HealthGateway</c> section, or one laid out like it).</summary>
    public static GatewayConfiguration Of(IConfigurationSection gatewaySection) =>
        Group(gatewaySection.Path, gatewaySection.AsEnumerable());

    /// <summary>The section of the service named <paramref name="name"/>; an empty one when it has no settings.</summary>
    public IConfigurationSection Service(string name) =>
        _byName.TryGetValue(name, out var section) ? section : Empty.GetSection($"{Path}:{nameof(GatewayOptions.Services)}:{name}");

    /// <summary>
    /// Binds the gateway's options: its own settings, then each service's from its own section. Throws
    /// <see cref="InvalidOperationException"/> as the binder does when a value does not convert.
    /// </summary>
    public GatewayOptions Bind()
    {
        var options = new GatewayOptions();
        Bind(options);
        return options;
    }

    /// <summary>Binds onto <paramref name="options"/> (see <see cref="Bind()"/>).</summary>
    public void Bind(GatewayOptions options)
    {
        Gateway.Bind(options);
        foreach (var section in Services)
        {
            var service = options.Services.TryGetValue(section.Key, out var existing) ? existing : new ServiceOptions();
            section.Bind(service);
            options.Services[section.Key] = service;
        }
    }

    private static GatewayConfiguration Group(string path, IEnumerable<KeyValuePair<string, string?>> pairs)
    {
        // "HealthGateway:Services:<name>[:…]" goes to <name>'s own configuration; everything else is the gateway's.
        var servicesPath = $"{path}:{nameof(GatewayOptions.Services)}:";
        var gateway = new List<KeyValuePair<string, string?>>();
        var services = new Dictionary<string, List<KeyValuePair<string, string?>>>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in pairs)
        {
            if (!pair.Key.StartsWith(servicesPath, StringComparison.OrdinalIgnoreCase) || pair.Key.Length == servicesPath.Length)
            {
                gateway.Add(pair);
                continue;
            }

            var end = pair.Key.IndexOf(ConfigurationPath.KeyDelimiter, servicesPath.Length, StringComparison.Ordinal);
            var name = end < 0 ? pair.Key[servicesPath.Length..] : pair.Key[servicesPath.Length..end];
            if (!services.TryGetValue(name, out var own))
            {
                services[name] = own = [];
            }

            own.Add(pair);
        }

        var names = services.Keys.ToList();
        names.Sort(ConfigurationKeyComparer.Instance);
        var sections = names.Select(name => Section(services[name], servicesPath + name)).ToList();
        return new GatewayConfiguration(path, Section(gateway, path), sections);
    }

    private static IConfigurationSection Section(List<KeyValuePair<string, string?>> pairs, string path) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs).Build().GetSection(path);
}
