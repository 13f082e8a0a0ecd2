namespace HealthGateway.Checks.Composition.Validation;

/// <summary>The services read from configuration (see <see cref="GatewayServices"/>).</summary>
/// <param name="Services">The valid, enabled services, in configuration order.</param>
/// <param name="Errors">One line per problem, naming the service and the field; empty when the configuration is valid.</param>
public sealed record GatewayServiceSet(IReadOnlyList<ConfiguredService> Services, IReadOnlyList<string> Errors);
