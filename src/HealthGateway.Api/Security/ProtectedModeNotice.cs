using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace HealthGateway.Api.Security;

/// <summary>Says once, when the server has started, that it is in protected mode if it listens beyond loopback.</summary>
internal sealed class ProtectedModeNotice(IHostApplicationLifetime lifetime, IServer server, ApiKeyRing keys, ILogger<ProtectedModeNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            if (!keys.IsAccessConfigured && addresses.FirstOrDefault(address => !IsLoopbackAddress(address)) is { } open)
            {
                logger.LogWarning(
                    "Protected mode: listening on {Address} with no API key or token configured, so /events, /ws, /diagnostics and silence writes answer loopback clients only; {HowToConfigure}",
                    open, ProtectedMode.HowToConfigure);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>True for an address only this machine can reach: localhost, 127.0.0.0/8, ::1.</summary>
    internal static bool IsLoopbackAddress(string address)
    {
        if (!Uri.TryCreate(address.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        if (uri.Scheme.StartsWith("unix", StringComparison.OrdinalIgnoreCase) || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }
}
