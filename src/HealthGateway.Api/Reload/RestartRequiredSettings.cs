namespace HealthGateway.Api.Reload;

/// <summary>
/// The settings a reload cannot apply to a running gateway: everything except the services, the groups and the
/// default timeout (which the services take). Listen addresses, Kestrel, the backplane connection, webhooks, polling
/// intervals and logging are read once at start. Values are compared in memory and never logged: only the keys are.
/// </summary>
public static class RestartRequiredSettings
{
    /// <summary>More keys than this are summed up, so a rewritten file does not make one huge log line.</summary>
    public const int MaxNamed = 10;

    private static readonly string[] LivePrefixes = ["HealthGateway:Services", "HealthGateway:Groups"];

    private static readonly string[] LiveKeys =
        ["HealthGateway:DefaultTimeout", GatewayConfigurationFile.CommandLineKey, GatewayConfigurationFile.EnvironmentVariable];

    /// <summary>Every setting that only applies at start, by key.</summary>
    public static IReadOnlyDictionary<string, string?> Snapshot(IConfiguration configuration) =>
        configuration.AsEnumerable()
            .Where(pair => pair.Value is not null && !IsLive(pair.Key))
            .GroupBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.First().Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>The keys added, removed or changed from <paramref name="before"/> to <paramref name="after"/>, in order, at most <see cref="MaxNamed"/> and a count.</summary>
    public static IReadOnlyList<string> Changed(IReadOnlyDictionary<string, string?> before, IReadOnlyDictionary<string, string?> after)
    {
        var keys = before.Keys.Union(after.Keys, StringComparer.OrdinalIgnoreCase)
            .Where(key => !before.TryGetValue(key, out var old) || !after.TryGetValue(key, out var now) || !string.Equals(old, now, StringComparison.Ordinal))
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return keys.Count <= MaxNamed ? keys : [.. keys.Take(MaxNamed), $"and {keys.Count - MaxNamed} more"];
    }

    private static bool IsLive(string key) =>
        LiveKeys.Contains(key, StringComparer.OrdinalIgnoreCase)
        || LivePrefixes.Any(prefix => key.Equals(prefix, StringComparison.OrdinalIgnoreCase)
                                      || key.StartsWith(prefix + ":", StringComparison.OrdinalIgnoreCase));
}
