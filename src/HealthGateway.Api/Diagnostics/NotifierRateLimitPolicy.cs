using System.Globalization;
using System.Threading.RateLimiting;
using HealthGateway.Api.Notifications;
using HealthGateway.Api.Security;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Diagnostics;

/// <summary>
/// One fixed window shared by all callers of <c>POST /diagnostics/notifier</c>: every run opens a socket on this
/// server, so the limit protects the server, not a caller's fair share. Rejections answer 429 with Retry-After.
/// The limiter runs before the scope filter, so requests without a key that has the diagnostics scope get a window of their own: they
/// are refused with 401 anyway and must not use up the permits of those who hold the key.
/// </summary>
internal sealed class NotifierRateLimitPolicy(IOptions<NotificationOptions> options, GatewayAccess access) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = static async (context, _) =>
    {
        var response = context.HttpContext.Response;
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many diagnostics runs",
            detail: "POST /diagnostics/notifier is rate-limited; retry later.").ExecuteAsync(context.HttpContext);
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetFixedWindowLimiter(access.Identify(httpContext.Request)?.May(AccessScopes.Diagnostics) == true || !access.IsConfigured ? "authorized" : "anonymous", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.DiagnosticsPermitLimit,
            Window = options.Value.DiagnosticsWindow,
            QueueLimit = 0,
        });
}
