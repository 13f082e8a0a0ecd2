using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace HealthGateway.Api.Diagnostics;

/// <summary>Where the notifier probe reaches this server's own <c>/ws</c>.</summary>
internal static class LoopbackWebSocketAddress
{
    /// <summary>
    /// ws://host:port of this server, from the addresses Kestrel actually bound: a 127.0.0.1 or localhost http address
    /// when there is one, else a wildcard binding reached through 127.0.0.1.
    /// </summary>
    public static string? Resolve(IServer server)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null)
        {
            return null;
        }

        (int Rank, string Url)? best = null;
        foreach (var address in addresses)
        {
            BindingAddress binding;
            try
            {
                binding = BindingAddress.Parse(address);
            }
            catch (FormatException)
            {
                continue;
            }

            if (!string.Equals(binding.Scheme, "http", StringComparison.OrdinalIgnoreCase) || binding.IsUnixPipe)
            {
                continue;
            }

            var (rank, host) = binding.Host switch
            {
                "127.0.0.1" => (0, "127.0.0.1"),
                "localhost" => (1, "localhost"),
                "[::1]" => (2, "[::1]"),
                "+" or "*" or "0.0.0.0" or "[::]" => (3, "127.0.0.1"),
                var other => (4, other),
            };
            if (best is null || rank < best.Value.Rank)
            {
                best = (rank, $"ws://{host}:{binding.Port}{binding.PathBase}");
            }
        }

        return best?.Url;
    }
}
