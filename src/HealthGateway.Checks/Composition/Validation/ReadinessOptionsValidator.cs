using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Core.Text;
using HealthGateway.Checks.Pipeline.Readiness;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HealthGateway.Checks.Composition.Validation;

/// <summary>
/// Validates at start what callers' questions rely on: groups name known services, <c>DependsOn</c> names known
/// services without a cycle, and <c>WaitPollInterval</c> is sane. Each problem is one line naming the key.
/// </summary>
public sealed class ReadinessOptionsValidator(IOptions<HealthCheckServiceOptions> registry) : IValidateOptions<GatewayOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var errors = new List<string>();
        if (options.WaitPollInterval < GatewayOptionsValidator.MinPollInterval / 2 || options.WaitPollInterval > GatewayOptionsValidator.MaxPollInterval)
        {
            errors.Add($"HealthGateway:WaitPollInterval: must be from {GatewayOptionsValidator.MinPollInterval / 2} to {GatewayOptionsValidator.MaxPollInterval}, was {options.WaitPollInterval}");
        }

        // A group may name a check registered in code (the notifier) as well as a configured service.
        var known = options.Services.Keys.Concat(registry.Value.Registrations.Select(r => r.Name)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (group, members) in options.Groups)
        {
            if (!ServiceNames.IsValid(group))
            {
                errors.Add($"HealthGateway:Groups:{group}: the name may hold only letters, digits, '_', '-' and '.'");
            }
            else if (members.Count == 0)
            {
                errors.Add($"HealthGateway:Groups:{group}: lists no service");
            }

            foreach (var member in members.Where(m => !known.Contains(m)))
            {
                errors.Add($"HealthGateway:Groups:{group}: unknown service '{member}'; known services: {NameList.Brief(known.Order(StringComparer.OrdinalIgnoreCase))}");
            }
        }

        errors.AddRange(DependencyGraph.Validate(options));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
