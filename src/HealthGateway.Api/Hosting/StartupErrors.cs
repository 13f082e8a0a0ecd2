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
        IOException { Message: var message } when message.StartsWith(BindFailure, StringComparison.Ordinal) => DescribeBind(exception),
        // As Kestrel throws it, before GatewayRun names the address.
        System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AccessDenied or System.Net.Sockets.SocketError.AddressAlreadyInUse }
            => DescribeBind(new IOException(BindFailure + "the configured address.", exception)),
        // Kestrel reads its certificates while it starts: a file it cannot open or parse is a setting to fix.
        IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException
            when exception.StackTrace?.Contains("Certificate", StringComparison.Ordinal) == true
            => $"cannot read the TLS certificate: {FirstLine(exception.Message)}",
        _ => null,
    };

    private const string BindFailure = "Failed to bind to address ";

    /// <summary>"cannot listen on http://127.0.0.1:8080: address already in use", from Kestrel's bind failure.</summary>
    private static string DescribeBind(Exception exception)
    {
        // "Failed to bind to address http://127.0.0.1:8080: address already in use." / "…address http://127.0.0.1:80."
        var rest = FirstLine(exception.Message)[BindFailure.Length..].TrimEnd('.');
        var address = rest.EndsWith(": address already in use", StringComparison.Ordinal) ? rest[..^": address already in use".Length] : rest;
        var socket = exception.InnerException as System.Net.Sockets.SocketException
                     ?? exception.InnerException?.InnerException as System.Net.Sockets.SocketException;
        var reason = exception.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException || socket?.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse
            ? "address already in use"
            : socket?.SocketErrorCode == System.Net.Sockets.SocketError.AccessDenied
                ? "permission denied (a port below 1024 needs root or CAP_NET_BIND_SERVICE; choose a port from 1024 up)"
                : socket?.SocketErrorCode == System.Net.Sockets.SocketError.AddressNotAvailable
                    ? "no interface has this address"
                    : FirstLine(exception.InnerException?.Message ?? "the address cannot be bound").TrimEnd('.').ToLowerInvariant();
        return $"cannot listen on {address}: {reason}";
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
