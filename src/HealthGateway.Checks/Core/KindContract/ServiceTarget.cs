using HealthGateway.Checks.Core.Model;
using Microsoft.Extensions.DependencyInjection;

namespace HealthGateway.Checks.Core.KindContract;

/// <summary>What a kind read from one service's configuration: the target to show, and how to register its check.</summary>
/// <param name="Text">Where the check goes, safe to show: host and port, or a URL without credentials or query.</param>
/// <param name="Register">Adds the service's health check (named after the definition) to a health checks builder.</param>
public sealed record ServiceTarget(string Text, Action<IHealthChecksBuilder, ServiceDefinition> Register);
