using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using Microsoft.Extensions.DependencyInjection;

namespace HealthGateway.Checks.Composition.Validation;

/// <summary>One valid service read from configuration: its definition, its kind and what the kind read.</summary>
/// <param name="Definition">Every value the runner needs, defaults applied.</param>
/// <param name="Kind">The service's kind, which creates (or registers) its check.</param>
/// <param name="Target">What the kind read: the target to show and the kind's settings.</param>
public sealed record ConfiguredService(ServiceDefinition Definition, IServiceKind Kind, ServiceTarget Target)
{
    /// <summary>The service's one check, created by its kind; null when the kind registers its check in a container instead.</summary>
    public OwnedCheck? Create(CheckServices services) => Kind.Create(Definition, Target, services);

    /// <summary>Adds the service's health check to a health checks builder (the container path of <see cref="IServiceKind.Register"/>).</summary>
    public void Register(IHealthChecksBuilder checks) => Kind.Register(checks, Definition, Target);
}
