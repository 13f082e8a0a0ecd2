using Microsoft.Extensions.Options;

namespace HealthGateway.Checks.Configuration;

/// <summary>
/// Validates the whole <c>HealthGateway</c> section at start, so a bad configuration stops the process with a
/// line that names the service and the field instead of failing later inside a check.
/// </summary>
public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    /// <summary>Faster polling would load the dependencies for no gain; 100 ms is already far below a human's notice.</summary>
    public static readonly TimeSpan MinPollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Timers reject very long periods; an hour between checks is no readiness gate anyway.</summary>
    public static readonly TimeSpan MaxPollInterval = TimeSpan.FromHours(1);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var errors = new List<string>();
        if (options.DefaultTimeout <= TimeSpan.Zero || options.DefaultTimeout > ServiceDefinitionFactory.MaxTimeout)
        {
            errors.Add($"HealthGateway:DefaultTimeout: must be positive and at most {ServiceDefinitionFactory.MaxTimeout}, was {options.DefaultTimeout}");
        }

        if (options.PollInterval < MinPollInterval || options.PollInterval > MaxPollInterval)
        {
            errors.Add($"HealthGateway:PollInterval: must be from {MinPollInterval} to {MaxPollInterval}, was {options.PollInterval}");
        }

        if (options.FreshnessLimit <= TimeSpan.Zero || options.FreshnessLimit > MaxPollInterval)
        {
            errors.Add($"HealthGateway:FreshnessLimit: must be positive and at most {MaxPollInterval}, was {options.FreshnessLimit}");
        }

        if (options.HistorySize is < 1 or > 10_000)
        {
            errors.Add($"HealthGateway:HistorySize: must be between 1 and 10000, was {options.HistorySize}");
        }

        if (options.TransitionHistorySize is < 1 or > 1_000)
        {
            errors.Add($"HealthGateway:TransitionHistorySize: must be between 1 and 1000, was {options.TransitionHistorySize}");
        }

        foreach (var (serviceName, service) in options.Services)
        {
            if (!ServiceNames.IsValid(serviceName))
            {
                errors.Add($"HealthGateway:Services:{serviceName}: the name may hold only letters, digits, '_', '-' and '.'");
                continue;
            }

            if (!service.Enabled)
            {
                continue;
            }

            ServiceDefinitionFactory.TryCreate(serviceName, service, options, out var serviceErrors);
            errors.AddRange(serviceErrors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
