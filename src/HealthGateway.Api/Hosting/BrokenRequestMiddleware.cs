using Microsoft.AspNetCore.Connections;

namespace HealthGateway.Api.Hosting;

/// <summary>
/// Answers a request the client broke (bad chunked framing, a body slower than Kestrel's minimum data rate, a body
/// shorter than its Content-Length, one over the size limit) with the 4xx Kestrel names for it and one short warning,
/// and a client that went away mid-request with nothing but a Debug line. Without it, the exception such a body
/// throws from whichever endpoint reads it surfaces as a 500 and two error entries with stack traces, which anyone
/// could use to flood the log. Every endpoint that reads a body gets this by being behind it.
/// </summary>
/// <remarks>
/// It sits inside the request logging, so the request line sees a 4xx and no exception. Only exceptions that are the
/// client's doing are caught: a <see cref="BadHttpRequestException"/> (Kestrel's, and the framework's binding
/// failures), or an I/O error or cancellation once the request itself was aborted. Anything else is still a 500.
/// </remarks>
internal sealed class BrokenRequestMiddleware(RequestDelegate next, IProblemDetailsService problems, ILogger<BrokenRequestMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex)
        {
            await RefuseAsync(context, ex);
        }
        catch (Exception ex) when (IsClientGone(context, ex))
        {
            logger.LogDebug("{Method} {Path}: the client went away before the request was complete ({Reason})",
                context.Request.Method, context.Request.Path.Value, ex.Message);
            context.Abort();
        }
    }

    private static bool IsClientGone(HttpContext context, Exception ex) =>
        ex is ConnectionResetException
        || ex is IOException or OperationCanceledException && context.RequestAborted.IsCancellationRequested;

    private async Task RefuseAsync(HttpContext context, BadHttpRequestException ex)
    {
        // Kestrel's messages ("Unexpected end of request content.", "Bad chunk size data.") say what was wrong and
        // quote nothing the client did not send.
        var status = ex.StatusCode is >= 400 and < 500 ? ex.StatusCode : StatusCodes.Status400BadRequest;
        logger.LogWarning("Refused {Method} {Path} with {StatusCode}: {Reason}",
            context.Request.Method, context.Request.Path.Value, status, ex.Message);
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            // Too late for an answer, or nobody left to read it.
            context.Abort();
            return;
        }

        try
        {
            context.Response.Clear();
            context.Response.StatusCode = status;

            // The rest of a broken body cannot be framed: this connection cannot carry another request.
            context.Response.Headers.Connection = "close";
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = status, Title = "Bad request body", Detail = ex.Message },
            });
        }
        catch (Exception writeError) when (writeError is IOException or OperationCanceledException)
        {
            context.Abort();
        }
    }
}
