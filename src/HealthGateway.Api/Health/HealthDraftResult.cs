using Microsoft.Net.Http.Headers;

namespace HealthGateway.Api.Health;

/// <summary>Writes an <c>application/health+json</c> readiness body: 200 when ready, 503 when not, never cached by proxies.</summary>
public sealed class HealthDraftResult(byte[] body, bool ready) : IResult
{
    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        response.ContentType = HealthDraftJson.MediaType;
        response.ContentLength = body.Length;
        response.Headers[HeaderNames.CacheControl] = "no-store";
        response.Headers.Vary = HeaderNames.Accept;
        return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }
}
