using System.Net;

namespace HealthGateway.Api.Security;

/// <summary>
/// With no key and no token issuer configured, the endpoints that read or write agent events, run diagnostics or
/// write silences answer only clients on this machine, as Redis's protected mode does: a gateway that listens on
/// every interface (the image) does not hand out everyone's agent events to whoever can reach the port.
/// </summary>
public static class ProtectedMode
{
    /// <summary>The one line a refused client reads, and the start-up notice ends with.</summary>
    public const string HowToConfigure =
        "configure HealthGateway:ApiKeys (named keys with scopes), HealthGateway:ApiKey or HealthGateway:Auth:Jwt; see docs/security.md";

    /// <summary>True for a client on this machine: 127.0.0.0/8, ::1 (also IPv4-mapped), or a connection without an IP (a Unix socket).</summary>
    public static bool IsLoopback(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return true;
        }

        return IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }

    /// <summary>403 for a client from another machine while nothing is configured.</summary>
    public static IResult Refusal() =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Protected mode",
            detail: $"No API key or token is configured, so this endpoint answers only on loopback: {HowToConfigure}.");
}
