using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Silences;

/// <summary>Names the key and the bad value, so a wrong limit stops the host with one clear line.</summary>
internal sealed class SilenceOptionsValidator : IValidateOptions<SilenceOptions>
{
    public ValidateOptionsResult Validate(string? name, SilenceOptions options) =>
        options.MaxActive is < 1 or > 100_000
            ? ValidateOptionsResult.Fail($"{SilenceOptions.SectionName}:{nameof(options.MaxActive)} must be between 1 and 100000 (got {options.MaxActive}).")
            : ValidateOptionsResult.Success;
}
