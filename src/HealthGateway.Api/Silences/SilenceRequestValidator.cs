using HealthGateway.Checks.Core.Text;
using HealthGateway.Checks.Pipeline.Snapshots;

namespace HealthGateway.Api.Silences;

/// <summary>Turns a <c>POST /silences</c> body into a silence, or one message saying what is wrong with it.</summary>
public static class SilenceRequestValidator
{
    /// <summary>The longest silence: a planned outage longer than a day deserves a configuration change instead.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);

    /// <summary>The longest reason kept.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Validates <paramref name="request"/> against the monitored services.</summary>
    public static (Silence? Silence, string? Error) Validate(SilenceRequest request, ServiceCatalog catalog, DateTimeOffset now)
    {
        var services = (request.Services ?? []).Select(name => name?.Trim() ?? "").ToList();
        var tags = (request.Tags ?? []).Select(tag => tag?.Trim() ?? "").ToList();
        if (services.Count == 0 && tags.Count == 0)
        {
            return Fail("name at least one service in 'services' or one tag in 'tags'");
        }

        var known = catalog.Definitions;
        var byName = known.ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);
        if (services.FirstOrDefault(name => !byName.ContainsKey(name)) is { } unknown)
        {
            return Fail($"unknown service '{Clip(unknown)}'; known services: {NameList.Brief(known.Select(d => d.Name))}");
        }

        if (tags.FirstOrDefault(tag => !known.Any(d => d.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase))) is { } unmatched)
        {
            return Fail($"no service has the tag '{Clip(unmatched)}'");
        }

        if (string.IsNullOrWhiteSpace(request.Duration))
        {
            return Fail($"'duration' is required: {SilenceDuration.Forms}");
        }

        if (!SilenceDuration.TryParse(request.Duration, out var duration))
        {
            return Fail($"'duration' must be a time span: {SilenceDuration.Forms} (got '{Clip(request.Duration)}')");
        }

        if (duration <= TimeSpan.Zero)
        {
            return Fail($"'duration' must be more than zero (got '{Clip(request.Duration)}')");
        }

        if (duration > MaxDuration)
        {
            return Fail($"'duration' must be at most 24 hours (got '{Clip(request.Duration)}')");
        }

        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length == 0)
        {
            return Fail("'reason' is required: say why, for whoever sees the silence");
        }

        if (reason.Length > MaxReasonLength)
        {
            return Fail($"'reason' must be at most {MaxReasonLength} characters");
        }

        // Stored under the configured spelling, so the readiness entry and the list agree.
        var names = services.Select(name => byName[name].Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var silence = new Silence(Guid.NewGuid().ToString("N"), names, tags.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            reason, request.Gate ?? true, now, now + duration);
        return (silence, null);

        static (Silence?, string?) Fail(string error) => (null, error);
        static string Clip(string text) => ControlCharacters.Escape(TextShortener.Shorten(text, 100));
    }
}
