using HealthGateway.Checks.Core.Failures;
using HealthGateway.Checks.Core.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HealthGateway.Checks.Core.KindContract;

/// <summary>
/// One kind of check (http, postgres, …): everything the gateway needs to know about it, so that validation,
/// registration, failure descriptions and secret redaction iterate the kinds in a <see cref="ServiceKindCatalog"/>
/// instead of switching on a name.
/// </summary>
/// <remarks>
/// <para>To add a kind: create a folder under <c>Kinds/</c> (for example <c>Kinds/Grpc/</c>) holding an options class whose public settable
/// properties are exactly the configuration keys the kind reads (bound from <c>HealthGateway:Services:&lt;name&gt;</c>,
/// next to the common <see cref="ServiceOptions"/>), the health check itself, and a <c>sealed class GrpcKind :
/// ServiceKind&lt;GrpcServiceOptions&gt;</c> that reads and validates the target, creates the check, describes the
/// kind's own exceptions and names its secrets. Then add one line to <c>BuiltInKinds</c> in the composition. Nothing else changes:
/// unknown-key refusal, raw value checks (TimeSpan, int and bool properties), redaction and retries follow from the kind.</para>
/// <para>Implement <see cref="ServiceKind{TOptions}"/> rather than this interface directly.</para>
/// </remarks>
public interface IServiceKind : IFailureDescriber
{
    /// <summary>The value of <c>Kind</c> that selects this kind, lower case (for example <c>http</c>).</summary>
    string Name { get; }

    /// <summary>The configuration keys this kind reads under a service, besides the common ones in <see cref="ServiceOptions"/>.</summary>
    IReadOnlyDictionary<string, Type> Settings { get; }

    /// <summary>Keys whose values are never quoted in an error, because they may hold a secret as a whole (for example <c>ConnectionString</c>).</summary>
    IReadOnlyCollection<string> SecretSettings { get; }

    /// <summary>
    /// True when the check retries inside itself (http: the HttpClient's resilience handler), so the runner must not
    /// wrap it in a retry pipeline too.
    /// </summary>
    bool RetriesItself { get; }

    /// <summary>
    /// Reads and validates the kind's settings from <paramref name="service"/>. Each problem goes to
    /// <paramref name="problem"/> as (field, message), for example <c>("Url", "missing; …")</c>; the caller prefixes
    /// the service's path. Returns null when the target is unusable.
    /// </summary>
    ServiceTarget? Read(IConfigurationSection service, Action<string, string> problem);

    /// <summary>
    /// Creates the one check of the service <paramref name="definition"/>, read by <see cref="Read"/> as
    /// <paramref name="target"/>, from its settings and <paramref name="services"/>; the check lives as long as the
    /// service and is disposed with it. Null when the kind does not create its checks (see <see cref="Register"/>).
    /// </summary>
    OwnedCheck? Create(ServiceDefinition definition, ServiceTarget target, CheckServices services);

    /// <summary>
    /// Adds the check of <paramref name="definition"/> to a container of the service's own; only for a kind whose
    /// <see cref="Create"/> returns null. A container costs kilobytes per service, so a kind should create instead.
    /// </summary>
    void Register(IHealthChecksBuilder checks, ServiceDefinition definition, ServiceTarget target);

    /// <summary>The values in <paramref name="service"/> that are secrets (passwords, header values), for the redactor.</summary>
    IEnumerable<string> Secrets(IConfigurationSection service);
}
