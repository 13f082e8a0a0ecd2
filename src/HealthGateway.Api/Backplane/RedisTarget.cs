using System.Net;
using StackExchange.Redis;

namespace HealthGateway.Api.Backplane;

/// <summary>The host:port list of a Redis connection string: what may be shown of it.</summary>
internal static class RedisTarget
{
    /// <summary>Returns what is wrong with <paramref name="connectionString"/>, or null and its endpoints in <paramref name="target"/>.</summary>
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

        target = string.Join(",", options.EndPoints.Select(Describe));
        return null;
    }

    private static string Describe(EndPoint endPoint) => endPoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{(dns.Port == 0 ? 6379 : dns.Port)}",
        IPEndPoint ip => $"{ip.Address}:{(ip.Port == 0 ? 6379 : ip.Port)}",
        _ => endPoint.ToString() ?? "",
    };
}
