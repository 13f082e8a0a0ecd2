using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using Microsoft.Extensions.Configuration;

namespace HealthGateway.Checks.Composition.Validation;

/// <summary>
/// Builds the set of services from configuration: the <c>HealthGateway</c> section in, the valid services (each
/// with its definition and how to register its check) and every problem out. A plain function of configuration,
/// used by registration and by validation at start, so it can be run again on a reloaded configuration.
/// </summary>
public static class GatewayServices
{
    /// <summary>Reads <paramref name="gatewaySection"/> (the <c>HealthGateway</c> section), binding it first.</summary>
    public static GatewayServiceSet Read(IConfigurationSection gatewaySection, ServiceKindCatalog kinds) =>
        Read(GatewayConfiguration.Of(gatewaySection), kinds);

    /// <summary>Reads <paramref name="configuration"/>, binding it first.</summary>
    public static GatewayServiceSet Read(GatewayConfiguration configuration, ServiceKindCatalog kinds)
    {
        if (RawValueChecker.FindUnreadableValues(configuration, kinds) is { Count: > 0 } unreadable)
        {
            return new GatewayServiceSet([], unreadable);
        }

        return Read(configuration, configuration.Bind(), kinds);
    }

    /// <summary>Reads the services of <paramref name="gateway"/>, already bound from <paramref name="gatewaySection"/>.</summary>
    public static GatewayServiceSet Read(IConfigurationSection gatewaySection, GatewayOptions gateway, ServiceKindCatalog kinds) =>
        Read(GatewayConfiguration.Of(gatewaySection), gateway, kinds);

    /// <summary>Reads the services of <paramref name="gateway"/>, already bound from <paramref name="configuration"/>.</summary>
    public static GatewayServiceSet Read(GatewayConfiguration configuration, GatewayOptions gateway, ServiceKindCatalog kinds)
    {
        var services = new List<ConfiguredService>();
        var errors = new List<string>();
        foreach (var (name, service) in gateway.Services)
        {
            if (!ServiceNames.IsValid(name))
            {
                errors.Add($"HealthGateway:Services:{name}: the name may hold only letters, digits, '_', '-' and '.'");
                continue;
            }

            if (!service.Enabled)
            {
                continue;
            }

            if (ServiceDefinitionFactory.TryCreate(configuration.Service(name), service, gateway, kinds, out var serviceErrors) is { } configured)
            {
                services.Add(configured);
            }

            errors.AddRange(serviceErrors);
        }

        return new GatewayServiceSet(services, errors);
    }

    /// <summary>Every secret in the services configured under <paramref name="gatewaySection"/>, enabled or not.</summary>
    public static IEnumerable<string> Secrets(IConfigurationSection gatewaySection, ServiceKindCatalog kinds) =>
        Secrets(GatewayConfiguration.Of(gatewaySection), kinds);

    /// <summary>Every secret in the services configured in <paramref name="configuration"/>, enabled or not.</summary>
    public static IEnumerable<string> Secrets(GatewayConfiguration configuration, ServiceKindCatalog kinds) =>
        configuration.Services
            .SelectMany(service => kinds.Find(service[nameof(ServiceOptions.Kind)])?.Secrets(service) ?? []);
}
