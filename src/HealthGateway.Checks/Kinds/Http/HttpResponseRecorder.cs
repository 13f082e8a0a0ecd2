namespace HealthGateway.Checks.Kinds.Http;

/// <summary>
/// Records the status code of the last HTTP response a check received. The Uris check reports a wrong status
/// only as prose; this handler lets our description say "HTTP 500 from …" and lets us apply expected codes
/// that are not one contiguous range. The recording travels with the check's async flow, so concurrent checks
/// of the same client never see each other's responses. When the check asserts on the body, the handler also
/// reads the body up to a bound and hands the caller only that much, so a huge body never fills memory.
/// </summary>
public sealed class HttpResponseRecorder : DelegatingHandler
{
    private static readonly AsyncLocal<Recording?> CurrentRecording = new();

    /// <summary>Starts recording for the current async flow; <paramref name="bodyLimit"/> bytes of the body are kept (0: none).</summary>
    public static Recording Begin(int bodyLimit = 0) => CurrentRecording.Value = new Recording { BodyLimit = bodyLimit };

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (CurrentRecording.Value is { } recording)
        {
            recording.StatusCode = (int)response.StatusCode;
            recording.Headers = response.Headers.Concat(response.Content.Headers)
                .GroupBy(header => header.Key, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(group => group.Key, group => string.Join(", ", group.SelectMany(header => header.Value)), StringComparer.OrdinalIgnoreCase);
            if (recording.BodyLimit > 0)
            {
                await KeepBodyAsync(response, recording, cancellationToken);
            }
        }

        return response;
    }

    private static async Task KeepBodyAsync(HttpResponseMessage response, Recording recording, CancellationToken cancellationToken)
    {
        var original = response.Content;
        var buffer = new byte[recording.BodyLimit];
        var read = 0;
        await using (var stream = await original.ReadAsStreamAsync(cancellationToken))
        {
            int count;
            while (read < buffer.Length && (count = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
            {
                read += count;
            }

            recording.BodyTruncated = read == buffer.Length && await stream.ReadAsync(new byte[1], cancellationToken) > 0;
        }

        recording.Body = buffer.AsMemory(0, read);

        // The caller (and HttpClient's own buffering) sees only the bounded copy; the rest is never read.
        var bounded = new ReadOnlyMemoryContent(recording.Body);
        foreach (var header in original.Headers.Where(header => !string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            bounded.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = bounded;
        original.Dispose();
    }

    /// <summary>What one check's requests received.</summary>
    public sealed class Recording
    {
        /// <summary>The last status code received, if any response arrived.</summary>
        public int? StatusCode { get; internal set; }

        /// <summary>The last response's headers (content headers included), values joined by ", "; names case-insensitive.</summary>
        public IReadOnlyDictionary<string, string> Headers { get; internal set; } = new Dictionary<string, string>();

        /// <summary>How many bytes of the body to keep; 0 keeps none.</summary>
        public int BodyLimit { get; init; }

        /// <summary>The first <see cref="BodyLimit"/> bytes of the last body.</summary>
        public ReadOnlyMemory<byte> Body { get; internal set; }

        /// <summary>True when the body was longer than <see cref="BodyLimit"/> and only that much was read.</summary>
        public bool BodyTruncated { get; internal set; }

        /// <summary>The charset the last response declared, if any.</summary>
        public string? CharSet => Headers.TryGetValue("Content-Type", out var type)
            && System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(type, out var media) ? media.CharSet : null;
    }
}
