using System.Net.WebSockets;
using HealthGateway.Checks.Core.Failures;
using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Core.OAuth2;
using HealthGateway.Checks.Core.Proxies;
using HealthGateway.Checks.Core.Targets;
using HealthGateway.Checks.Kinds.Tls;
using Microsoft.Extensions.Configuration;

namespace HealthGateway.Checks.Kinds.WebSockets;

/// <summary><c>websocket</c>: open a WebSocket, optionally exchange a message, and complete the close handshake.</summary>
public sealed class WebSocketKind : ServiceKind<WebSocketServiceOptions>
{
    /// <inheritdoc />
    public override string Name => "websocket";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SecretSettings => [nameof(WebSocketServiceOptions.Headers), nameof(WebSocketServiceOptions.Proxy)];

    /// <inheritdoc />
    public override string? Describe(Exception exception, string suffix, Func<Exception, string?> describe) => exception switch
    {
        WebSocketException webSocket => (webSocket.InnerException is { } inner ? describe(inner) : null) ?? webSocket.WebSocketErrorCode switch
        {
            WebSocketError.ConnectionClosedPrematurely => $"connection dropped without a close handshake{suffix}",
            WebSocketError.NotAWebSocket => $"not a WebSocket endpoint{suffix}",
            WebSocketError.UnsupportedProtocol => $"subprotocol not accepted by the server{suffix}",
            _ => $"WebSocket error: {FailureText.FirstLine(webSocket.Message)}{suffix}",
        },
        _ => null,
    };

    /// <inheritdoc />
    protected override void Bind(IConfigurationSection service, WebSocketServiceOptions options) => service.Bind(options);

    /// <inheritdoc />
    protected override string? ReadTarget(WebSocketServiceOptions options, Action<string, string> problem)
    {
        var url = UrlTarget.TryParse(options.Url, ["ws", "wss"], problem);
        HeaderRules.Check(options.Headers, problem);
        options.CheckTls(problem);
        HttpReach.Check(options.Proxy, options.OAuth2, problem, options.Headers);

        if (!string.IsNullOrEmpty(options.Subprotocol) && !HttpToken.IsValid(options.Subprotocol))
        {
            problem(nameof(options.Subprotocol), $"{ConfigurationText.Quote(options.Subprotocol)} is not a valid WebSocket subprotocol token");
        }

        return url is null ? null : UrlTarget.Safe(url);
    }

    /// <inheritdoc />
    protected override OwnedCheck Create(ServiceDefinition definition, WebSocketServiceOptions options, CheckServices services)
    {
        var check = new WebSocketHealthCheckOptions
        {
            Url = new Uri(options.Url!),
            Subprotocol = options.Subprotocol,
            Headers = options.Headers,
            SendMessage = options.SendMessage,
            ExpectMessage = options.ExpectMessage,
            Certificates = options.Url!.StartsWith("wss:", StringComparison.OrdinalIgnoreCase) ? options.ToCertificateOptions() : null,
            FollowRedirects = options.FollowRedirects,
            Proxy = ProxyRoute.For(options.Proxy),
            OAuth2 = options.OAuth2,
        };

        // One token source per service, disposed with the check, so the token is cached across checks.
        var tokens = check.OAuth2 is { } oauth2 ? new TokenSource(oauth2, check.Proxy, services.Time, definition.Timeout) : null;
        return new OwnedCheck(CertificateChecks.Create(check.Certificates, check.Target, services.Time,
            inspector => new WebSocketHealthCheck(check, services.Time, inspector, tokens)), tokens);
    }

    /// <inheritdoc />
    protected override IEnumerable<string> Secrets(WebSocketServiceOptions options) => HttpReach.Secrets(options.Url, options.Proxy, options.OAuth2, options.Headers);
}
