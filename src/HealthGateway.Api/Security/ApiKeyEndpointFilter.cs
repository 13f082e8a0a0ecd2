using System.Security.Cryptography;
using System.Text;

namespace HealthGateway.Api.Security;

/// <summary>
/// Lets a request through only when it carries the configured <c>HealthGateway:ApiKey</c>, in the
/// <c>X-Api-Key</c> header or (for browsers, which cannot set headers on a WebSocket) the <c>api_key</c> query
/// parameter. With no key configured every request passes. Apply it with <c>RequireApiKey()</c>.
/// </summary>
public sealed class ApiKeyEndpointFilter(IConfiguration configuration) : IEndpointFilter
{
    public const string ConfigurationKey = "HealthGateway:ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string QueryParameterName = "api_key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (IsAuthorized(context.HttpContext.Request, configuration))
        {
            return await next(context);
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "API key required",
            detail: $"Send the gateway's API key in the {HeaderName} header or the {QueryParameterName} query parameter.");
    }

    /// <summary>Whether <paramref name="request"/> may pass: no key is configured, or it carries the right one.</summary>
    public static bool IsAuthorized(HttpRequest request, IConfiguration configuration)
    {
        // Read on every request so a reloaded configuration takes effect without a restart.
        var expected = configuration[ConfigurationKey];
        if (string.IsNullOrEmpty(expected))
        {
            return true;
        }

        string? presented = request.Headers[HeaderName];
        if (string.IsNullOrEmpty(presented))
        {
            presented = request.Query[QueryParameterName];
        }

        return !string.IsNullOrEmpty(presented) && KeysMatch(expected, presented);
    }

    /// <summary>Compares digests in constant time, so neither the content nor the length of the key leaks through timing.</summary>
    private static bool KeysMatch(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)),
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
