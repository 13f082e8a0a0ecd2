using System.Net;
using System.Net.Http.Headers;

namespace HealthGateway.Checks.Core.OAuth2;

/// <summary>
/// Sends each request of an http check with the service's access token as <c>Authorization: Bearer …</c>; when the
/// target answers 401, asks <see cref="TokenSource"/> for a new token and sends the request once more, so an expired or
/// revoked token costs one retry and never a failed check.
/// </summary>
internal sealed class BearerTokenHandler(TokenSource tokens) : DelegatingHandler
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || request.Content is not null)
        {
            return response;
        }

        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.RenewAsync(token, cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}
