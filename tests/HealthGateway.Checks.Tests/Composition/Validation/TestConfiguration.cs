using HealthGateway.Checks.Composition.Validation;
using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using Microsoft.Extensions.Configuration;

namespace HealthGateway.Checks.Tests.Composition.Validation;

/// <summary>Configuration as the gateway gets it (key/value pairs), read the way start-up reads it.</summary>
internal static class TestConfiguration
{
    /// <summary>A configuration holding <paramref name="settings"/> under <c>HealthGateway</c>.</summary>
    public static IConfigurationRoot Root(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>($"HealthGateway:{setting.Key}", setting.Value)))
            .Build();

    /// <summary>The <c>HealthGateway</c> section holding <paramref name="settings"/>.</summary>
    public static IConfigurationSection Gateway(params (string Key, string? Value)[] settings) => Root(settings).GetSection(GatewayOptions.SectionName);

    /// <summary>The settings of one service named <paramref name="name"/>, each given as (field, value).</summary>
    public static IConfigurationSection Service(string name, params (string Field, string? Value)[] fields) =>
        Gateway(fields.Select(field => ($"Services:{name}:{field.Field}", field.Value)).ToArray());

    public static GatewayServiceSet Read(IConfigurationSection gateway) => GatewayServices.Read(gateway, ServiceKindCatalog.BuiltIn);
}
