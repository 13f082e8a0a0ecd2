using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Fleet;

/// <summary>Names the key and what is wrong with it.</summary>
internal sealed class FleetOptionsValidator : IValidateOptions<FleetOptions>
{
    public ValidateOptionsResult Validate(string? name, FleetOptions options)
    {
        var failures = new List<string>();
        if (options.MemberTimeout is { } timeout && (timeout < TimeSpan.FromMilliseconds(300) || timeout > TimeSpan.FromMinutes(10)))
        {
            failures.Add($"{FleetOptions.SectionName}:{nameof(options.MemberTimeout)} must be between 00:00:00.3000000 and 00:10:00 (got {timeout}).");
        }

        if (string.IsNullOrWhiteSpace(options.KeyPrefix) || options.KeyPrefix.Length > 200 || options.KeyPrefix.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            failures.Add($"{FleetOptions.SectionName}:{nameof(options.KeyPrefix)}: must be 1-200 printable characters without spaces.");
        }

        if (options.TransitionClaimTtl < TimeSpan.FromSeconds(1) || options.TransitionClaimTtl > TimeSpan.FromDays(7))
        {
            failures.Add($"{FleetOptions.SectionName}:{nameof(options.TransitionClaimTtl)} must be between 00:00:01 and 7.00:00:00 (got {options.TransitionClaimTtl}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
