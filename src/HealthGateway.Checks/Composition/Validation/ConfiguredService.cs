using HealthGateway.Checks.Core.Model;
using Microsoft.Extensions.DependencyInjection;

namespace HealthGateway.Checks.Composition.Validation;

/// <summary>One valid service read from configuration: its definition, and how to register its check.</summary>
/// <param name="Definition">Every value the runner needs, defaults applied.</param>
/// <param name="Register">Adds the service's health check to a health checks builder.</param>
public sealed record ConfiguredService(ServiceDefinition Definition, Action<IHealthChecksBuilder> Register);
