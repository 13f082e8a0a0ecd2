using StackExchange.Redis;

namespace HealthGateway.Checks.Kinds.Redis;

/// <summary>
/// Reads a StackExchange.Redis connection string into what may be shown of it. Neutral ground: the redis check
/// kind and the Api's backplane both connect to Redis, and neither should borrow the other's internals.
/// </summary>
public static class RedisTarget
{
    /// <summary>
    /// Returns what is wrong with <paramref name="connectionString"/>, or null and its endpoints (host:port, all
    /// that may be shown of it) in <paramref name="target"/>.
    /// </summary>
    public static string? TryDescribe(string connectionString, out string target)
    {
        target = "";
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connectionString);
        }
        catch (ArgumentException)
        {
            // The parser's message quotes the offending part, which may be the password: say nothing of it.
            return "is not a valid StackExchange.Redis connection string (expected e.g. redis:6379,password=…)";
        }

        if (options.EndPoints.Count == 0)
        {
            return "names no endpoint (host:port)";
        }

        target = string.Join(",", options.EndPoints.Select(DescribeEndPoint));
        return null;
    }

    /// <summary>
    /// <paramref name="connectionString"/> as a client that never holds a caller up: it connects in the background
    /// (a Redis that is down never blocks start), fails a command at once while disconnected instead of queueing it
    /// (the client's default backlog held a check for 5.7 s after Redis died), gives each operation
    /// <paramref name="timeout"/> (at least 100 ms) and reconnects by itself every 500 ms.
    /// </summary>
    public static ConfigurationOptions FailFastClient(string connectionString, TimeSpan timeout, string clientName)
    {
        var milliseconds = (int)Math.Clamp(timeout.TotalMilliseconds, 100, int.MaxValue);
        var configuration = ConfigurationOptions.Parse(connectionString);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ConnectTimeout = milliseconds;
        configuration.SyncTimeout = milliseconds;
        configuration.AsyncTimeout = milliseconds;
        configuration.ConnectRetry = 1;
        configuration.ReconnectRetryPolicy = new LinearRetry(500);
        configuration.ClientName ??= clientName;
        return configuration;
    }

    /// <summary>The password in <paramref name="connectionString"/>, when it parses and has one: a secret for the redactor.</summary>
    public static IEnumerable<string> Secrets(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return [];
        }

        try
        {
            return ConfigurationOptions.Parse(connectionString, ignoreUnknown: true).Password is { Length: > 0 } password ? [password] : [];
        }
        catch (ArgumentException)
        {
            return [];
        }
    }

    private static string DescribeEndPoint(System.Net.EndPoint endPoint) => endPoint switch
    {
        System.Net.DnsEndPoint dns => $"{dns.Host}:{(dns.Port == 0 ? 6379 : dns.Port)}",
        System.Net.IPEndPoint ip => $"{ip.Address}:{(ip.Port == 0 ? 6379 : ip.Port)}",
        _ => endPoint.ToString() ?? "",
    };
}
