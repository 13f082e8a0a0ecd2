namespace HealthGateway.Checks.Http;

/// <summary>
/// Records the status code of the last HTTP response a check received. The Uris check reports a wrong status
/// only as prose; this handler lets our description say "HTTP 500 from …" and lets us apply expected codes
/// that are not one contiguous range. The recording travels with the check's async flow, so concurrent checks
/// of the same client never see each other's responses.
/// </summary>
public sealed class HttpResponseRecorder : DelegatingHandler
{
    private static readonly AsyncLocal<Recording?> CurrentRecording = new();

    /// <summary>Starts recording for the current async flow; dispose the result to stop.</summary>
    public static Recording Begin() => CurrentRecording.Value = new Recording();

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (CurrentRecording.Value is { } recording)
        {
            recording.StatusCode = (int)response.StatusCode;
        }

        return response;
    }

    /// <summary>What one check's requests received.</summary>
    public sealed class Recording
    {
        /// <summary>The last status code received, if any response arrived.</summary>
        public int? StatusCode { get; internal set; }
    }
}
