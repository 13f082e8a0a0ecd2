using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Backplane;

/// <summary>Names the key and what is wrong with it, without echoing a connection string (it may hold a password).</summary>
internal sealed class BackplaneOptionsValidator : IValidateOptions<BackplaneOptions>
{
    public const int MaxChannelLength = 256;

    public ValidateOptionsResult Validate(string? name, BackplaneOptions options)
    {
        var failures = new List<string>();
        if (options.Enabled && HealthGateway.Checks.Kinds.Redis.RedisTarget.TryDescribe(options.Redis!, out _) is { } problem)
        {
            failures.Add($"{BackplaneOptions.SectionName}:{nameof(options.Redis)}: {problem}");
        }

        if (string.IsNullOrWhiteSpace(options.Channel) || options.Channel.Length > MaxChannelLength || options.Channel.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            failures.Add($"{BackplaneOptions.SectionName}:{nameof(options.Channel)}: must be 1-{MaxChannelLength} printable characters without spaces.");
        }

        if (options.PublishTimeout < TimeSpan.FromMilliseconds(100) || options.PublishTimeout > TimeSpan.FromSeconds(60))
        {
            failures.Add($"{BackplaneOptions.SectionName}:{nameof(options.PublishTimeout)} must be between 00:00:00.1000000 and 00:01:00 (got {options.PublishTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
