using System.Net.Sockets;
using Npgsql;

namespace HealthGateway.Checks.Configuration;

/// <summary>
/// Turns one configured service into a <see cref="ServiceDefinition"/>, or into errors that name the service and
/// the field. Validation at start and registration share it, so what starts is exactly what was validated.
/// </summary>
public static class ServiceDefinitionFactory
{
    /// <summary>The longest timeout a check may have: beyond it a check is no longer a readiness signal.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Resolves <paramref name="service"/>; <paramref name="errors"/> is empty on success.</summary>
    public static ServiceDefinition? TryCreate(string name, ServiceOptions service, GatewayOptions gateway, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        void Problem(string field, string message) => problems.Add($"HealthGateway:Services:{name}:{field}: {message}");

        var kind = service.Kind?.Trim().ToLowerInvariant();
        var target = "";
        if (string.IsNullOrEmpty(kind))
        {
            Problem("Kind", $"missing; expected one of {string.Join(", ", ServiceKinds.All)}");
        }
        else if (!ServiceKinds.All.Contains(kind))
        {
            Problem("Kind", $"unknown kind '{service.Kind}'; expected one of {string.Join(", ", ServiceKinds.All)}");
        }
        else
        {
            target = ResolveTarget(kind, service, Problem);
        }

        var timeout = service.Timeout ?? gateway.DefaultTimeout;
        if (timeout <= TimeSpan.Zero)
        {
            Problem("Timeout", $"must be positive, was {timeout}");
        }
        else if (timeout > MaxTimeout)
        {
            Problem("Timeout", $"must be at most {MaxTimeout}, was {timeout}");
        }

        if (service.DegradedAfter is { } degradedAfter)
        {
            if (degradedAfter <= TimeSpan.Zero)
            {
                Problem("DegradedAfter", $"must be positive, was {degradedAfter}");
            }
            else if (degradedAfter >= timeout)
            {
                Problem("DegradedAfter", $"must be shorter than Timeout ({timeout}), was {degradedAfter}");
            }
        }

        if (service.FailureThreshold < 1)
        {
            Problem("FailureThreshold", $"must be at least 1, was {service.FailureThreshold}");
        }

        if (service.SuccessThreshold < 1)
        {
            Problem("SuccessThreshold", $"must be at least 1, was {service.SuccessThreshold}");
        }

        if (service.Retries is < 0 or > 10)
        {
            Problem("Retries", $"must be between 0 and 10, was {service.Retries}");
        }

        if (service.RetryDelay < TimeSpan.Zero || service.RetryDelay > TimeSpan.FromMinutes(1))
        {
            Problem("RetryDelay", $"must be from 0 to 00:01:00, was {service.RetryDelay}");
        }

        foreach (var (header, value) in service.Headers)
        {
            if (!IsToken(header))
            {
                Problem($"Headers:{header}", "is not a valid HTTP header name");
            }
            else if (value.Any(c => c is '\r' or '\n' or '\0'))
            {
                // The value itself is never echoed: headers often carry credentials.
                Problem($"Headers:{header}", "value contains a line break or NUL");
            }
        }

        if (!string.IsNullOrEmpty(service.Subprotocol) && !IsToken(service.Subprotocol))
        {
            Problem("Subprotocol", $"'{service.Subprotocol}' is not a valid WebSocket subprotocol token");
        }

        if (!ExpectedStatusCodes.TryParse(service.ExpectedStatusCodes, out _))
        {
            Problem("ExpectedStatusCodes", $"'{service.ExpectedStatusCodes}' is not a list of codes or ranges such as 200-299,401");
        }

        errors = problems;
        if (problems.Count > 0)
        {
            return null;
        }

        var tags = new List<string> { kind! };
        if (service.Critical)
        {
            tags.Add("critical");
        }

        tags.AddRange(service.Tags.Where(tag => !tags.Contains(tag, StringComparer.OrdinalIgnoreCase)));
        return new ServiceDefinition(name, kind!, service.Critical, timeout, service.DegradedAfter, tags, target,
            service.FailureThreshold, service.SuccessThreshold, service.Retries, service.RetryDelay);
    }

    private static string ResolveTarget(string kind, ServiceOptions service, Action<string, string> problem)
    {
        switch (kind)
        {
            case ServiceKinds.Http:
                return TryParseUrl(service.Url, ["http", "https"], problem) is { } httpUrl ? SafeUrl(httpUrl) : "";
            case ServiceKinds.WebSocket:
                return TryParseUrl(service.Url, ["ws", "wss"], problem) is { } wsUrl ? SafeUrl(wsUrl) : "";
            case ServiceKinds.Tcp:
                if (TryParseTcpEndpoint(service.Url) is { } endpoint)
                {
                    return $"{endpoint.Host}:{endpoint.Port}";
                }

                problem("Url", string.IsNullOrWhiteSpace(service.Url) ? "missing; expected tcp://host:port" : "not a tcp://host:port address");
                return "";
            case ServiceKinds.Postgres:
                return TryDescribePostgres(service.ConnectionString, problem);
            case ServiceKinds.Redis:
                return TryDescribeRedis(service.ConnectionString, problem);
            default:
                return "";
        }
    }

    private static Uri? TryParseUrl(string? url, string[] schemes, Action<string, string> problem)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            problem("Url", $"missing; expected an absolute {string.Join(" or ", schemes)} URL");
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme) || string.IsNullOrEmpty(uri.Host))
        {
            // The URL is echoed without its credentials or query: they may hold a secret.
            problem("Url", $"'{RedactUrlText(url)}' is not an absolute {string.Join(" or ", schemes)} URL");
            return null;
        }

        return uri;
    }

    /// <summary>Parses <c>tcp://host:port</c> or <c>host:port</c>.</summary>
    public static (string Host, int Port)? TryParseTcpEndpoint(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "tcp://" + text;
        return Uri.TryCreate(withScheme, UriKind.Absolute, out var uri)
               && uri.Scheme == "tcp" && !string.IsNullOrEmpty(uri.Host) && uri.Port is > 0 and <= 65535
            ? (uri.IdnHost, uri.Port)
            : null;
    }

    /// <summary>A URL fit to show: scheme, host, port and path, never user info or query.</summary>
    public static string SafeUrl(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    private static string RedactUrlText(string url)
    {
        var text = url;

        // User info ends at the last '@' of the authority: a password may itself contain '@'.
        var authorityStart = text.IndexOf("://", StringComparison.Ordinal) is var schemeEnd and >= 0 ? schemeEnd + 3 : 0;
        var authorityEnd = text.IndexOfAny(['/', '?', '#'], authorityStart) is var end and >= 0 ? end : text.Length;
        var at = text.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        if (at >= 0)
        {
            text = text[..authorityStart] + "***" + text[at..];
        }

        var query = text.IndexOf('?', StringComparison.Ordinal);
        return query >= 0 ? text[..query] + "?***" : text;
    }

    private static string TryDescribePostgres(string? connectionString, Action<string, string> problem)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            problem("ConnectionString", "missing; expected an Npgsql connection string such as Host=db;Username=postgres");
            return "";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                problem("ConnectionString", "has no Host");
                return "";
            }

            return $"{builder.Host}:{builder.Port}";
        }
        catch (ArgumentException)
        {
            // Npgsql's message quotes the offending text, which may be a password: say only what is wrong.
            problem("ConnectionString", "is not a valid Npgsql connection string");
            return "";
        }
    }

    private static string TryDescribeRedis(string? connectionString, Action<string, string> problem)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            problem("ConnectionString", "missing; expected a StackExchange.Redis connection string such as localhost:6379");
            return "";
        }

        if (HealthGateway.Checks.Targets.RedisTarget.TryDescribe(connectionString, out var target) is { } error)
        {
            problem("ConnectionString", error);
        }

        return target;
    }

    /// <summary>An RFC 9110 token: what header names and WebSocket subprotocols must be.</summary>
    private static bool IsToken(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));

    /// <summary>Used by descriptions when a socket error is all there is.</summary>
    internal static bool IsRefused(SocketException exception) => exception.SocketErrorCode == SocketError.ConnectionRefused;
}
