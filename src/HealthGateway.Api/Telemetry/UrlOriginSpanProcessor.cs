using System.Diagnostics;
using OpenTelemetry;

namespace HealthGateway.Api.Telemetry;

/// <summary>
/// Cuts every URL a span carries down to its scheme, host and port before it is exported. A webhook's or a
/// target's path and query can hold a token (<c>/services/T0/HookPath?sig=…</c>), and the HttpClient spans that
/// System.Net.Http records keep the path (and mark only the query). That covers <c>url.full</c> on the
/// <c>http.client</c> spans of webhooks, checks and gRPC alike, and <c>healthgateway.target</c> on check spans.
/// </summary>
internal sealed class UrlOriginSpanProcessor : BaseProcessor<Activity>
{
    private static readonly string[] s_urlTags = ["url.full", "http.url", "healthgateway.target"];

    /// <inheritdoc />
    public override void OnEnd(Activity data)
    {
        // A check's description names its target ("connection refused (http://…/path)"): the origin there too.
        if (data.GetTagItem("healthgateway.target") is string target && Origin(target) is { } targetOrigin && target != targetOrigin)
        {
            if (data.GetTagItem("healthgateway.description") is string description)
            {
                data.SetTag("healthgateway.description", description.Replace(target, targetOrigin, StringComparison.Ordinal));
            }

            if (data.StatusDescription is { } status)
            {
                data.SetStatus(data.Status, status.Replace(target, targetOrigin, StringComparison.Ordinal));
            }
        }

        foreach (var key in s_urlTags)
        {
            if (data.GetTagItem(key) is string value && Origin(value) is { } origin && !string.Equals(origin, value, StringComparison.Ordinal))
            {
                data.SetTag(key, origin);
            }
        }

        // An outgoing request's path and query may also be recorded on their own; the gateway's own routes (server
        // spans) are not secrets and stay.
        if (data.Kind == ActivityKind.Client)
        {
            foreach (var key in (string[])["url.path", "url.query", "http.target"])
            {
                if (data.GetTagItem(key) is not null)
                {
                    data.SetTag(key, null);
                }
            }
        }
    }

    /// <summary>"http://host:port" for an absolute URL (no user info, path or query); null for anything else.</summary>
    internal static string? Origin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ws" or "wss" or "grpc" or "grpcs" or "amqp" or "amqps"
            ? uri.GetComponents(UriComponents.Scheme | UriComponents.Host | UriComponents.StrongPort, UriFormat.UriEscaped)
            : null;
}
