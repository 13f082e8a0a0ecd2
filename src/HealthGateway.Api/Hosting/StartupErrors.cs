using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Hosting;

/// <summary>
/// Recognises configuration errors that stop the gateway at start and turns them into one line that names the
/// service and the field, without a stack trace.
/// </summary>
public static class StartupErrors
{
    /// <summary>The exit code for a configuration error.</summary>
    public const int ConfigurationErrorExitCode = 2;

    /// <summary>The one-line message for <paramref name="exception"/>, or null when it is not a configuration error.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        OptionsValidationException validation => "Configuration error: " + string.Join("; ", validation.Failures),
        InvalidOperationException { Message: var message } when message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal)
            => "Configuration error: " + message.Split('\n')[0].Trim(),
        FormatException or InvalidDataException when exception.Message.Contains("JSON", StringComparison.OrdinalIgnoreCase)
            || exception.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase)
            => "Configuration error: " + exception.Message.Split('\n')[0].Trim(),
        // The framework's health check service refuses duplicate names before our own validation runs.
        ArgumentException { Message: var message } when message.StartsWith("Duplicate health checks were registered with the name(s): ", StringComparison.Ordinal)
            => "Configuration error: " + string.Join("; ", message["Duplicate health checks were registered with the name(s): ".Length..].Split(" (")[0]
                .Split(',', StringSplitOptions.TrimEntries).Select(name => $"HealthGateway:Services:{name}: duplicate name; another check is already registered as '{name}'")),
        AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerExceptions[0]),
        _ => null,
    };
}
