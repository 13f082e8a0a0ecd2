using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using HealthGateway.Checks.Core.Failures;

namespace HealthGateway.Checks.Core.Proxies;

/// <summary>
/// How a check's HTTP client reaches its target: through the service's own <c>Proxy</c>
/// (<c>http://[user:pass@]proxy:3128</c>), directly (<c>Proxy: ""</c>), or, when the key is absent, as any .NET program
/// does: <c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c>, <c>ALL_PROXY</c> and <c>NO_PROXY</c> from the environment
/// (<see cref="HttpClient.DefaultProxy"/>). It also says a proxy's failure in words, naming the proxy by host and port
/// only: its credentials are secrets.
/// </summary>
public sealed partial class ProxyRoute
{
    private readonly WebProxy? _configured;
    private readonly bool _off;

    private ProxyRoute(WebProxy? configured, bool off)
    {
        _configured = configured;
        _off = off;
    }

    /// <summary>The route for a service's <c>Proxy</c> setting, already validated by <see cref="ProxySetting.Check"/>.</summary>
    public static ProxyRoute For(string? setting)
    {
        if (setting is null)
        {
            return new ProxyRoute(null, off: false);
        }

        if (ProxySetting.Parse(setting) is not { } uri)
        {
            return new ProxyRoute(null, off: true);
        }

        var proxy = new WebProxy(new UriBuilder(uri.Scheme, uri.IdnHost, uri.Port).Uri);
        if (ProxySetting.Credentials(uri) is { } credentials)
        {
            proxy.Credentials = credentials;
        }

        return new ProxyRoute(proxy, off: false);
    }

    /// <summary>Sets the handler's proxy: the configured one, none, or the environment's (the handler's default).</summary>
    public void Apply(SocketsHttpHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        handler.UseProxy = !_off;
        handler.Proxy = _configured;
    }

    /// <summary>The proxy a request to <paramref name="target"/> goes through, as <c>host:port</c>; null when it goes directly.</summary>
    public string? ShownFor(Uri target)
    {
        if (_off)
        {
            return null;
        }

        // ws and wss are proxied as http and https are (SocketsHttpHandler asks the proxy with those schemes).
        var asked = target.Scheme switch
        {
            "ws" => new UriBuilder(target) { Scheme = Uri.UriSchemeHttp }.Uri,
            "wss" => new UriBuilder(target) { Scheme = Uri.UriSchemeHttps }.Uri,
            _ => target,
        };
        return ProxyFor(asked) is { } proxy ? $"{proxy.Address.IdnHost}:{proxy.Address.Port}" : null;
    }

    /// <summary>
    /// Sets the handler to open its connections itself, through a CONNECT tunnel to the proxy when one applies: for
    /// gRPC, whose HTTP/2 SocketsHttpHandler sends through no proxy in cleartext and, through some, not at all.
    /// </summary>
    public void ApplyAsTunnel(SocketsHttpHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        handler.UseProxy = false;
        if (_off)
        {
            return;
        }

        handler.ConnectCallback = async (context, cancellationToken) =>
        {
            var endpoint = context.DnsEndPoint;
            if (context.InitialRequestMessage.RequestUri is { } target && ProxyFor(target) is { } proxy)
            {
                return await ProxyTunnel.OpenAsync(proxy.Address, proxy.Credentials, endpoint.Host, endpoint.Port, cancellationToken);
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(endpoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
    }

    // The proxy for a request to target and its credentials, from the service's Proxy or the environment; null when
    // the request goes directly (no proxy, or NO_PROXY names the host).
    private (Uri Address, NetworkCredential? Credentials)? ProxyFor(Uri target)
    {
        if (_off)
        {
            return null;
        }

        IWebProxy proxy = _configured ?? HttpClient.DefaultProxy;
        if (proxy.IsBypassed(target) || proxy.GetProxy(target) is not { } address || address == target)
        {
            return null;
        }

        return (address, proxy.Credentials?.GetCredential(address, "Basic"));
    }

    /// <summary>
    /// A proxy's failure in words: <c>proxy 127.0.0.1:3128 answered 407 Proxy Authentication Required</c>, or that it
    /// refused the connection or could not be found; null when <paramref name="exception"/> is no proxy failure or the
    /// request to <paramref name="target"/> goes directly.
    /// </summary>
    public string? Describe(Exception exception, Uri target)
    {
        if (ShownFor(target) is not { } proxy)
        {
            return null;
        }

        for (var (current, depth) = (exception, 0); current is not null && depth < 8; current = current.InnerException, depth++)
        {
            if (current is HttpRequestException { HttpRequestError: HttpRequestError.ProxyTunnelError } tunnel)
            {
                // The handler gives the proxy's status only in its message: "… failed with status code '407'."
                return StatusCode().Match(tunnel.Message) is { Success: true } match
                    ? Answered(proxy, int.Parse(match.Groups[1].ValueSpan, provider: System.Globalization.CultureInfo.InvariantCulture))
                    : $"proxy {proxy} refused the tunnel: {FailureText.FirstLine(tunnel.Message)}";
            }

            // With a proxy in the way every connection the handler opens is to the proxy, never to the target.
            if (current is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => $"proxy {proxy} refused the connection",
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"proxy {proxy}: host not found",
                    SocketError.TimedOut => $"proxy {proxy}: connect timed out",
                    _ => $"proxy {proxy}: network error {socket.SocketErrorCode}",
                };
            }
        }

        return null;
    }

    /// <summary>A status the proxy itself answered with: <c>proxy 127.0.0.1:3128 answered 407 Proxy Authentication Required</c>.</summary>
    public static string Answered(string proxy, int code) => $"proxy {proxy} answered {code} {StatusPhrase(code)}";

    /// <summary>The reason phrase of <paramref name="code"/>: <c>ProxyAuthenticationRequired</c> spelt as words.</summary>
    public static string StatusPhrase(int code) =>
        Enum.IsDefined((HttpStatusCode)code) ? Words().Replace(((HttpStatusCode)code).ToString(), " $1") : "(no known reason phrase)";

    [GeneratedRegex(@"'(\d{3})'")]
    private static partial Regex StatusCode();

    [GeneratedRegex(@"(?<=[a-z])([A-Z])")]
    private static partial Regex Words();
}
