using Microsoft.Net.Http.Headers;

namespace HealthGateway.Api.Health;

/// <summary>Writes a pre-serialised readiness body: 200 when ready, 503 when not, never cached by proxies.</summary>
public sealed class ReadinessResult(byte[] body, bool ready) : IResult
{
    /// <summary>The status code this result writes.</summary>
    public int StatusCode => ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        response.Headers[HeaderNames.CacheControl] = "no-store";
        return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }
}
