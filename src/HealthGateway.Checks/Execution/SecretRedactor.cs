using HealthGateway.Checks.Configuration;
using Npgsql;
using StackExchange.Redis;

namespace HealthGateway.Checks.Execution;

/// <summary>
/// Knows every secret in the configuration (passwords in connection strings and URLs, header values, the API
/// key) and masks them in any text before it reaches a response, a log line or the dashboard. Descriptions
/// are built not to contain secrets in the first place; this is the second line of defence.
/// </summary>
public sealed class SecretRedactor
{
    private const string Mask = "***";
    private readonly string[] _secrets;

    /// <summary>Collects the secrets of <paramref name="options"/> and the extra ones given.</summary>
    /// <param name="options">The services, whose connection strings, URLs and headers hold secrets.</param>
    /// <param name="extraSecrets">Values that are secrets as a whole, such as the API key.</param>
    /// <param name="extraConnectionStrings">Other connection strings (such as the backplane's) whose passwords are secrets.</param>
    public SecretRedactor(GatewayOptions options, IEnumerable<string?>? extraSecrets = null, IEnumerable<string?>? extraConnectionStrings = null)
    {
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in options.Services.Values)
        {
            AddConnectionStringSecrets(service.ConnectionString, secrets);
            AddUrlSecrets(service.Url, secrets);
            foreach (var value in service.Headers.Values)
            {
                secrets.Add(value);
            }
        }

        foreach (var connectionString in extraConnectionStrings ?? [])
        {
            AddConnectionStringSecrets(connectionString, secrets);
        }

        foreach (var extra in extraSecrets ?? [])
        {
            if (!string.IsNullOrEmpty(extra))
            {
                secrets.Add(extra);
            }
        }

        // Very short values would mask ordinary words; longest first so overlapping secrets mask whole.
        _secrets = secrets.Where(secret => secret.Length >= 3).OrderByDescending(secret => secret.Length).ToArray();
    }

    /// <summary>Whether there is anything to mask.</summary>
    public bool HasSecrets => _secrets.Length > 0;

    /// <summary><paramref name="text"/> with every known secret replaced by <c>***</c>.</summary>
    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    private static void AddConnectionStringSecrets(string? connectionString, HashSet<string> secrets)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        try
        {
            if (new NpgsqlConnectionStringBuilder(connectionString).Password is { Length: > 0 } password)
            {
                secrets.Add(password);
            }
        }
        catch (ArgumentException)
        {
            // Not an Npgsql string; it may be a Redis one.
        }

        try
        {
            var redis = ConfigurationOptions.Parse(connectionString, ignoreUnknown: true);
            if (redis.Password is { Length: > 0 } redisPassword)
            {
                secrets.Add(redisPassword);
            }
        }
        catch (ArgumentException)
        {
            // Not a Redis string either: nothing more to learn from it.
        }
    }

    private static void AddUrlSecrets(string? url, HashSet<string> secrets)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                secrets.Add(Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]));
            }
        }
    }
}
