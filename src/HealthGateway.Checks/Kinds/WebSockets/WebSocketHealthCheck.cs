using System.Net.WebSockets;
using System.Text;
using HealthGateway.Checks.Core.Failures;
using HealthGateway.Checks.Core.OAuth2;
using HealthGateway.Checks.Core.Targets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Kinds.WebSockets;

/// <summary>
/// Proves a WebSocket server is alive, not just listening: it completes the upgrade, optionally sends a message
/// and waits for the reply, then performs the close handshake, which is itself a round trip the server must
/// answer. A rejected upgrade, a dropped connection or a server that never answers each get their own words. A
/// redirect is a failure naming where it points, unless the service sets FollowRedirects (then at most
/// <see cref="WebSocketHealthCheckOptions.MaxRedirects"/> are followed).
/// </summary>
/// <param name="certificates">For wss: judges the server certificate in the handshake (wrapped by <see cref="Tls.CertificateCheck"/>).</param>
/// <param name="tokens">With OAuth2: the service's access tokens, sent as Bearer with the upgrade.</param>
public sealed class WebSocketHealthCheck(WebSocketHealthCheckOptions options, TimeProvider time, Tls.CertificateInspector? certificates = null,
    TokenSource? tokens = null) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        string? token = null;
        try
        {
            token = tokens is null ? null : await tokens.GetAsync(cancellationToken);
        }
        catch (TokenEndpointException exception)
        {
            return Fail(context, exception.Message);
        }

        // Our own handler, because ClientWebSocket's follows up to 50 redirects: a loop cost 51 connections per
        // check, and a redirect to a healthy server elsewhere made the configured URL look Healthy.
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = options.FollowRedirects,
            MaxAutomaticRedirections = WebSocketHealthCheckOptions.MaxRedirects,
            PooledConnectionLifetime = TimeSpan.Zero,
            UseCookies = false,
        };
        options.Proxy.Apply(handler);

        // With our own invoker the certificate callback belongs to the handler: ClientWebSocket refuses one set
        // on its own options alongside an invoker.
        if (certificates is not null)
        {
            certificates.Apply(handler.SslOptions);
        }

        using var invoker = new HttpMessageInvoker(handler);
        var (socket, refusal) = await ConnectAsync(invoker, token, cancellationToken);
        if (refusal is null && socket.HttpStatusCode == System.Net.HttpStatusCode.Unauthorized && token is not null)
        {
            // The token may have been revoked or expired early: one new token, one more attempt.
            socket.Dispose();
            try
            {
                token = await tokens!.RenewAsync(token, cancellationToken);
            }
            catch (TokenEndpointException exception)
            {
                return Fail(context, exception.Message);
            }

            (socket, refusal) = await ConnectAsync(invoker, token, cancellationToken);
        }

        using var _ = socket;
        if (refusal is not null || socket.HttpStatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            return Fail(context, refusal ?? $"upgrade rejected: HTTP 401 from {options.Target}");
        }

        if (!string.IsNullOrEmpty(options.Subprotocol) && socket.SubProtocol != options.Subprotocol)
        {
            return Fail(context, $"server did not accept subprotocol '{options.Subprotocol}' ({options.Target})");
        }

        var exchanged = "";
        if (options.SendMessage is { Length: > 0 } message)
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            var reply = await ReceiveTextAsync(socket, cancellationToken);
            if (reply.Failure is { } failure)
            {
                return Fail(context, failure);
            }

            if (options.ExpectMessage is { Length: > 0 } expected && !reply.Text!.Contains(expected, StringComparison.Ordinal))
            {
                // The reply is not quoted: an echo server sends back what we sent, and that may be an auth frame.
                return Fail(context, $"unexpected reply ({reply.Text!.Length} characters) without the expected text ({options.Target})");
            }

            exchanged = "message echoed, ";
        }

        // The close handshake: the server must answer our close frame, which proves it is processing frames.
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "health check", cancellationToken);
        return HealthCheckResult.Healthy($"WebSocket {exchanged}round trip in {Durations.Millis(time.GetElapsedTime(started))}");
    }

    // Opens the socket; a rejected upgrade is a failure in words, except 401 with a token, which the caller retries once.
    private async Task<(ClientWebSocket Socket, string? Failure)> ConnectAsync(HttpMessageInvoker invoker, string? token, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        if (!string.IsNullOrEmpty(options.Subprotocol))
        {
            socket.Options.AddSubProtocol(options.Subprotocol);
        }

        foreach (var (name, value) in options.Headers)
        {
            socket.Options.SetRequestHeader(name, value);
        }

        if (token is not null)
        {
            socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        }

        try
        {
            await socket.ConnectAsync(options.Url, invoker, cancellationToken);
            return (socket, null);
        }
        catch (WebSocketException) when (token is not null && socket.HttpStatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            return (socket, null);
        }
        catch (WebSocketException) when ((int)socket.HttpStatusCode is >= 300 and < 400)
        {
            return (socket, DescribeRedirect(socket));
        }
        catch (WebSocketException) when (socket.HttpStatusCode is not 0 and not System.Net.HttpStatusCode.SwitchingProtocols)
        {
            return (socket, $"upgrade rejected: HTTP {(int)socket.HttpStatusCode} from {options.Target}");
        }
        catch (WebSocketException exception) when (options.Proxy.Describe(exception, options.Url) is { } viaProxy)
        {
            return (socket, $"{viaProxy} ({options.Target})");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<(string? Text, string? Failure)> ReceiveTextAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(options.MaxReplyBytes, 16 * 1024)];
        using var text = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return (null, $"server closed the connection before replying ({socket.CloseStatus}) ({options.Target})");
            }

            text.Write(buffer, 0, received.Count);
            if (text.Length > options.MaxReplyBytes)
            {
                return (null, $"reply larger than {options.MaxReplyBytes} bytes ({options.Target})");
            }

            if (received.EndOfMessage)
            {
                return (Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length), null);
            }
        }
    }

    private string DescribeRedirect(ClientWebSocket socket)
    {
        var status = $"HTTP {(int)socket.HttpStatusCode}";
        var headers = socket.HttpResponseHeaders;
        var location = headers?.FirstOrDefault(h => h.Key.Equals("Location", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        if (location is null || !Uri.TryCreate(options.Url, location, out var next))
        {
            return $"{status} redirect without a usable Location ({options.Target})";
        }

        // Shown without user info or query: a Location may carry a token as readily as the configured URL.
        var why = options.FollowRedirects
            ? $"more than {WebSocketHealthCheckOptions.MaxRedirects} redirects, or one the client may not follow"
            : "redirects are not followed; set FollowRedirects";
        return $"{status} redirect to {UrlTarget.Safe(next)} ({why})";
    }

    private static HealthCheckResult Fail(HealthCheckContext context, string description) =>
        new(context.Registration.FailureStatus, description);
}
