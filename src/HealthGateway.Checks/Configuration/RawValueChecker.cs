using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace HealthGateway.Checks.Configuration;

/// <summary>
/// Checks the raw text of typed settings before binding. The configuration binder silently drops a whole
/// service from the dictionary when one of its values does not convert ("Timeout": "soon"), which would take
/// it out of the gate without a word; here it becomes an error naming the service and the field.
/// </summary>
public static class RawValueChecker
{
    private static readonly string[] GlobalTimeSpans = [nameof(GatewayOptions.DefaultTimeout), nameof(GatewayOptions.PollInterval), nameof(GatewayOptions.FreshnessLimit), nameof(GatewayOptions.WaitPollInterval)];
    private static readonly string[] GlobalIntegers = [nameof(GatewayOptions.HistorySize), nameof(GatewayOptions.TransitionHistorySize)];
    private static readonly string[] ServiceTimeSpans = [nameof(ServiceOptions.Timeout), nameof(ServiceOptions.DegradedAfter), nameof(ServiceOptions.RetryDelay)];
    private static readonly string[] ServiceIntegers = [nameof(ServiceOptions.FailureThreshold), nameof(ServiceOptions.SuccessThreshold), nameof(ServiceOptions.Retries)];
    private static readonly string[] ServiceBooleans = [nameof(ServiceOptions.Critical), nameof(ServiceOptions.Enabled)];

    /// <summary>Every value under <paramref name="section"/> that cannot be converted to its field's type.</summary>
    public static IReadOnlyList<string> FindUnreadableValues(IConfigurationSection section)
    {
        var errors = new List<string>();
        Check(section, GlobalTimeSpans, IsTimeSpan, "a duration such as 00:00:05", errors);
        Check(section, GlobalIntegers, IsInteger, "a whole number", errors);
        foreach (var service in section.GetSection(nameof(GatewayOptions.Services)).GetChildren())
        {
            Check(service, ServiceTimeSpans, IsTimeSpan, "a duration such as 00:00:05", errors);
            Check(service, ServiceIntegers, IsInteger, "a whole number", errors);
            Check(service, ServiceBooleans, value => bool.TryParse(value, out _), "true or false", errors);
        }

        return errors;
    }

    private static void Check(IConfigurationSection section, string[] keys, Func<string, bool> isValid, string expected, List<string> errors)
    {
        foreach (var key in keys)
        {
            var value = section[key];
            if (!string.IsNullOrEmpty(value) && !isValid(value))
            {
                errors.Add($"{section.Path}:{key}: '{(value.Length > 40 ? value[..40] + "…" : value)}' is not {expected}");
            }
        }
    }

    private static bool IsTimeSpan(string value) => TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out _);

    private static bool IsInteger(string value) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
}
