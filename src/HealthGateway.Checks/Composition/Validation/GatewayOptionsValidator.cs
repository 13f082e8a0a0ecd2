using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace HealthGateway.Checks.Composition.Validation;

/// <summary>
/// Validates the whole <c>HealthGateway</c> section at start, so a bad configuration stops the process with a
/// line that names the service and the field instead of failing later inside a check.
/// </summary>
/// <param name="configuration">The configuration the options were bound from: each kind reads its own settings from it.</param>
/// <param name="kinds">The kinds a service may have.</param>
public sealed class GatewayOptionsValidator(IConfiguration configuration, ServiceKindCatalog kinds) : IValidateOptions<GatewayOptions>
{
    /// <summary>Faster polling would load the dependencies for no gain; 100 ms is already far below a human's notice.</summary>
    public static readonly TimeSpan MinPollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Timers reject very long periods; an hour between checks is no readiness gate anyway.</summary>
    public static readonly TimeSpan MaxPollInterval = TimeSpan.FromHours(1);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GatewayOptions options) =>
        Validate(options, GatewayConfiguration.Read(configuration));

    /// <summary>Validates <paramref name="options"/>, bound from <paramref name="read"/>.</summary>
    public ValidateOptionsResult Validate(GatewayOptions options, GatewayConfiguration read)
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

        if (options.ConfigReloadInterval < TimeSpan.FromMilliseconds(50) || options.ConfigReloadInterval > MaxPollInterval)
        {
            errors.Add($"HealthGateway:ConfigReloadInterval: must be from 00:00:00.0500000 to {MaxPollInterval}, was {options.ConfigReloadInterval}");
        }

        if (options.MaxConcurrentChecks is < 1 or > 100_000)
        {
            errors.Add($"HealthGateway:MaxConcurrentChecks: must be between 1 and 100000, was {options.MaxConcurrentChecks}");
        }

        if (options.HistorySize is < 1 or > 10_000)
        {
            errors.Add($"HealthGateway:HistorySize: must be between 1 and 10000, was {options.HistorySize}");
        }

        if (options.TransitionHistorySize is < 1 or > 1_000)
        {
            errors.Add($"HealthGateway:TransitionHistorySize: must be between 1 and 1000, was {options.TransitionHistorySize}");
        }

        errors.AddRange(GatewayServices.Read(read, options, kinds).Errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
