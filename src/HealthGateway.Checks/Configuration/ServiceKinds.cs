namespace HealthGateway.Checks.Configuration;

/// <summary>The kinds of check a service can be configured with.</summary>
public static class ServiceKinds
{
    /// <summary>GET a URL and expect one of the expected status codes.</summary>
    public const string Http = "http";

    /// <summary>Open a WebSocket, optionally exchange a message, and complete the close handshake.</summary>
    public const string WebSocket = "websocket";

    /// <summary>Open a PostgreSQL connection and run <c>SELECT 1</c>.</summary>
    public const string Postgres = "postgres";

    /// <summary>Ping a Redis server.</summary>
    public const string Redis = "redis";

    /// <summary>Open a TCP connection.</summary>
    public const string Tcp = "tcp";

    /// <summary>Every configurable kind.</summary>
    public static IReadOnlyList<string> All { get; } = [Http, WebSocket, Postgres, Redis, Tcp];
}
