using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Core.Targets;
using Microsoft.Extensions.Configuration;

namespace HealthGateway.Checks.Composition.Validation;

/// <summary>
/// Turns one configured service into a <see cref="ConfiguredService"/>, or into errors that name the service and
/// the field. The common settings are checked here; the kind reads and checks its own. Validation at start and
/// registration share it, so what starts is exactly what was validated.
/// </summary>
public static class ServiceDefinitionFactory
{
    /// <summary>The longest timeout a check may have: beyond it a check is no longer a readiness signal.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Resolves the service configured in <paramref name="section"/> (<c>HealthGateway:Services:&lt;name&gt;</c>); <paramref name="errors"/> is empty on success.</summary>
    /// <param name="section">The service's configuration section, which the kind binds its own settings from.</param>
    /// <param name="service">The common settings, bound from the same section.</param>
    /// <param name="gateway">The gateway's settings, for defaults.</param>
    /// <param name="kinds">The kinds a service may have.</param>
    /// <param name="errors">One line per problem, each naming the service and the field.</param>
    public static ConfiguredService? TryCreate(IConfigurationSection section, ServiceOptions service, GatewayOptions gateway,
        ServiceKindCatalog kinds, out IReadOnlyList<string> errors)
    {
        var name = section.Key;
        var problems = new List<string>();
        void Problem(string field, string message) => problems.Add($"HealthGateway:Services:{name}:{field}: {message}");

        var kind = kinds.Find(service.Kind);
        ServiceTarget? target = null;
        if (string.IsNullOrWhiteSpace(service.Kind))
        {
            Problem("Kind", $"missing; expected one of {string.Join(", ", kinds.Names)}");
        }
        else if (kind is null)
        {
            Problem("Kind", $"unknown kind {ConfigurationText.Quote(service.Kind)}; expected one of {string.Join(", ", kinds.Names)}");
        }
        else
        {
            foreach (var child in section.GetChildren())
            {
                if (!SettingNames.Common.ContainsKey(child.Key) && !kind.Settings.ContainsKey(child.Key))
                {
                    Problem(child.Key, SettingNames.Unknown(child.Key, SettingNames.Common.Keys.Concat(kind.Settings.Keys), $"{kind.Name} services"));
                }
            }

            target = kind.Read(section, Problem);
        }

        var timeout = service.Timeout ?? gateway.DefaultTimeout;
        CheckCommon(service, timeout, Problem);

        errors = problems;
        if (problems.Count > 0 || target is null)
        {
            return null;
        }

        var tags = new List<string> { kind!.Name };
        if (service.Critical)
        {
            tags.Add("critical");
        }

        tags.AddRange(service.Tags.Where(tag => !tags.Contains(tag, StringComparer.OrdinalIgnoreCase)));
        var definition = new ServiceDefinition(name, kind.Name, service.Critical, timeout, service.DegradedAfter, tags, target.Text,
            service.FailureThreshold, service.SuccessThreshold, service.Retries, service.RetryDelay);
        return new ConfiguredService(definition, kind, target);
    }

    /// <summary>A URL fit to show: scheme, host, port and path, never user info or query.</summary>
    public static string SafeUrl(Uri uri) => UrlTarget.Safe(uri);

    private static void CheckCommon(ServiceOptions service, TimeSpan timeout, Action<string, string> problem)
    {
        if (timeout <= TimeSpan.Zero)
        {
            problem("Timeout", $"must be positive, was {timeout}");
        }
        else if (timeout > MaxTimeout)
        {
            problem("Timeout", $"must be at most {MaxTimeout}, was {timeout}");
        }

        if (service.DegradedAfter is { } degradedAfter)
        {
            if (degradedAfter <= TimeSpan.Zero)
            {
                problem("DegradedAfter", $"must be positive, was {degradedAfter}");
            }
            else if (degradedAfter >= timeout)
            {
                problem("DegradedAfter", $"must be shorter than Timeout ({timeout}), was {degradedAfter}");
            }
        }

        if (service.FailureThreshold < 1)
        {
            problem("FailureThreshold", $"must be at least 1, was {service.FailureThreshold}");
        }

        if (service.SuccessThreshold < 1)
        {
            problem("SuccessThreshold", $"must be at least 1, was {service.SuccessThreshold}");
        }

        if (service.Retries is < 0 or > 10)
        {
            problem("Retries", $"must be between 0 and 10, was {service.Retries}");
        }

        if (service.RetryDelay < TimeSpan.Zero || service.RetryDelay > TimeSpan.FromMinutes(1))
        {
            problem("RetryDelay", $"must be from 0 to 00:01:00, was {service.RetryDelay}");
        }
    }
}
