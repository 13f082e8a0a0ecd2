using HealthGateway.Checks.Configuration;
using HealthGateway.Checks.Execution;
using HealthGateway.Checks.Http;
using HealthGateway.Checks.Postgres;
using HealthGateway.Checks.Redis;
using HealthGateway.Checks.Snapshots;
using HealthGateway.Checks.Tcp;
using HealthGateway.Checks.WebSockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the gateway's checks, poller and snapshot store from configuration.</summary>
public static class GatewayChecksServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates (on start) the <c>HealthGateway</c> section, registers one health check per enabled
    /// service, and the poller that runs them. Checks registered in code with <c>AddHealthChecks()</c> are
    /// monitored too.
    /// </summary>
    /// <exception cref="OptionsValidationException">A value cannot be converted (for example a malformed timeout); the message names the service and field.</exception>
    public static IServiceCollection AddGatewayChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(GatewayOptions.SectionName);
        if (RawValueChecker.FindUnreadableValues(section) is { Count: > 0 } unreadable)
        {
            throw new OptionsValidationException(GatewayOptions.SectionName, typeof(GatewayOptions), unreadable);
        }

        services.AddOptions<GatewayOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddSingleton<IValidateOptions<GatewayOptions>, HealthGateway.Checks.Readiness.ReadinessOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        // Registration needs the services now; anything invalid is skipped here and reported by validation at
        // start, with every problem named, instead of throwing one at a time from here.
        var gateway = section.Get<GatewayOptions>() ?? new GatewayOptions();
        var configured = new List<ServiceDefinition>();
        var checks = services.AddHealthChecks();
        foreach (var (name, service) in gateway.Services)
        {
            if (!service.Enabled || !ServiceNames.IsValid(name)
                || ServiceDefinitionFactory.TryCreate(name, service, gateway, out _) is not { } definition)
            {
                continue;
            }

            Register(checks, definition, service);
            configured.Add(definition);
        }

        services.AddSingleton(sp => new ServiceCatalog(configured, sp.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value,
            sp.GetRequiredService<IOptions<GatewayOptions>>().Value));
        services.AddSingleton(sp => new SecretRedactor(sp.GetRequiredService<IOptions<GatewayOptions>>().Value,
            [configuration[$"{GatewayOptions.SectionName}:ApiKey"]],
            [configuration[$"{GatewayOptions.SectionName}:Backplane:Redis"]]));
        services.AddSingleton<ServiceCheckRunner>();
        services.AddSingleton<HealthSnapshotStore>();
        services.AddSingleton<IStateTransitionSink, LoggingTransitionSink>();
        services.AddSingleton<HealthPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthPoller>());
        return services;
    }

    private static void Register(IHealthChecksBuilder checks, ServiceDefinition definition, ServiceOptions service)
    {
        var name = definition.Name;
        switch (definition.Kind)
        {
            case ServiceKinds.Http:
                ExpectedStatusCodes.TryParse(service.ExpectedStatusCodes, out var codes);
                checks.AddGatewayHttp(name, new HttpHealthCheckOptions
                {
                    Url = new Uri(service.Url!),
                    ExpectedStatusCodes = codes,
                    Headers = service.Headers,
                    Timeout = definition.Timeout,
                    Retries = definition.Retries,
                    RetryDelay = definition.RetryDelay,
                }, definition.Tags);
                break;
            case ServiceKinds.WebSocket:
                checks.AddGatewayWebSocket(name, new WebSocketHealthCheckOptions
                {
                    Url = new Uri(service.Url!),
                    Subprotocol = service.Subprotocol,
                    Headers = service.Headers,
                    SendMessage = service.SendMessage,
                    ExpectMessage = service.ExpectMessage,
                }, definition.Timeout, definition.Tags);
                break;
            case ServiceKinds.Postgres:
                checks.AddGatewayPostgres(name, new PostgresHealthCheckOptions
                {
                    ConnectionString = service.ConnectionString!,
                    Timeout = definition.Timeout,
                    Target = definition.Target,
                }, definition.Tags);
                break;
            case ServiceKinds.Redis:
                checks.AddGatewayRedis(name, new RedisHealthCheckOptions
                {
                    ConnectionString = service.ConnectionString!,
                    Timeout = definition.Timeout,
                    Target = definition.Target,
                }, definition.Tags);
                break;
            case ServiceKinds.Tcp:
                var endpoint = ServiceDefinitionFactory.TryParseTcpEndpoint(service.Url)!.Value;
                checks.AddGatewayTcp(name, new TcpHealthCheckOptions { Host = endpoint.Host, Port = endpoint.Port }, definition.Timeout, definition.Tags);
                break;
        }
    }
}
