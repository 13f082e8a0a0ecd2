using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Notifications;

/// <summary>Names the configuration key and the bad value, so a wrong setting stops the host with one clear line.</summary>
internal sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    // The smallest byte bound still holds the largest event POST /events takes (64 KiB of JSON) in its envelope.
    private const long MinQueuedBytes = 128 * 1024;
    private const long MaxQueuedBytes = 64L * 1024 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var failures = new List<string>();
        CheckRange(failures, nameof(options.SendQueueCapacity), options.SendQueueCapacity, 1, 65_536);
        CheckRange(failures, nameof(options.MaxQueuedBytesPerConnection), options.MaxQueuedBytesPerConnection, MinQueuedBytes, MaxQueuedBytes);
        CheckRange(failures, nameof(options.MaxQueuedBytesTotal), options.MaxQueuedBytesTotal, MinQueuedBytes, MaxQueuedBytes);
        if (options.MaxQueuedBytesTotal < options.MaxQueuedBytesPerConnection)
        {
            failures.Add($"{NotificationOptions.SectionName}:{nameof(options.MaxQueuedBytesTotal)} must be at least "
                + $"{nameof(options.MaxQueuedBytesPerConnection)} ({options.MaxQueuedBytesPerConnection}) (got {options.MaxQueuedBytesTotal}).");
        }

        CheckRange(failures, nameof(options.MaxConnectionsPerUser), options.MaxConnectionsPerUser, 1, 100_000);
        CheckRange(failures, nameof(options.MaxInboundMessageBytes), options.MaxInboundMessageBytes, 16, 1_048_576);
        CheckRange(failures, nameof(options.DiagnosticsPermitLimit), options.DiagnosticsPermitLimit, 1, 100_000);
        CheckRange(failures, nameof(options.PingInterval), options.PingInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        CheckRange(failures, nameof(options.PingTimeout), options.PingTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        CheckRange(failures, nameof(options.CloseTimeout), options.CloseTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        CheckRange(failures, nameof(options.DiagnosticsWindow), options.DiagnosticsWindow, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
        CheckRange(failures, nameof(options.HealthCheckBudget), options.HealthCheckBudget, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckRange<T>(List<string> failures, string field, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            failures.Add($"{NotificationOptions.SectionName}:{field} must be between {min} and {max} (got {value}).");
        }
    }
}
