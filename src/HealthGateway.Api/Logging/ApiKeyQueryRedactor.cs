using HealthGateway.Api.Security;
using Serilog.Core;
using Serilog.Events;

namespace HealthGateway.Api.Logging;

/// <summary>
/// Masks the values of the <c>api_key</c>, <c>access_token</c> and <c>token</c> (a push service's heartbeat) query parameters in the <c>QueryString</c> property that ASP.NET Core's
/// hosting diagnostics log with every request ("Request starting …/ws?user=a&amp;api_key=…"). Those events are off
/// by default (Microsoft.AspNetCore is at Warning), but raising that category is a common troubleshooting step and
/// must not put the key in the log.
/// </summary>
internal sealed class ApiKeyQueryRedactor : ILogEventEnricher
{
    private const string PropertyName = "QueryString";

    // A push service's heartbeat token (POST /heartbeat/{service}?token=…) is as secret as the API key.
    private const string HeartbeatTokenParameter = "token";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (logEvent.Properties.TryGetValue(PropertyName, out var property)
            && property is ScalarValue { Value: string query }
            && Redact(query) is { } redacted)
        {
            logEvent.AddOrUpdateProperty(propertyFactory.CreateProperty(PropertyName, redacted));
        }
    }

    /// <summary>The query with every api_key and access_token value (the name compared as ASP.NET Core does: decoded, any case) masked; null when there is none.</summary>
    internal static string? Redact(string query)
    {
        var start = query.StartsWith('?') ? 1 : 0;
        var pairs = query[start..].Split('&');
        var changed = false;
        for (var i = 0; i < pairs.Length; i++)
        {
            var equals = pairs[i].IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pairs[i] : pairs[i][..equals];
            var decoded = Uri.UnescapeDataString(name.Replace('+', ' '));
            if (string.Equals(decoded, GatewayAccess.QueryParameterName, StringComparison.OrdinalIgnoreCase)
                || string.Equals(decoded, JwtBearerSetup.AccessTokenQueryParameterName, StringComparison.OrdinalIgnoreCase)
                || string.Equals(decoded, HeartbeatTokenParameter, StringComparison.OrdinalIgnoreCase))
            {
                pairs[i] = name + "=***";
                changed = true;
            }
        }

        return changed ? query[..start] + string.Join('&', pairs) : null;
    }
}
