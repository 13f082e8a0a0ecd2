namespace HealthGateway.Bench.Baseline;

/// <summary>Where the stock checks point: the same real targets the gateway is configured with.</summary>
public sealed class BaselineTargets
{
    public string HttpUrl { get; set; } = "";

    public string WebSocketUrl { get; set; } = "";

    public string Postgres { get; set; } = "";

    public string Redis { get; set; } = "";

    public string TcpHost { get; set; } = "127.0.0.1";

    public int TcpPort { get; set; }

    /// <summary>Whether to serve /ws (see Program.cs).</summary>
    public bool WebSockets { get; set; }

    /// <summary>Body length of /sized.</summary>
    public int SizedBodyBytes { get; set; } = 1500;
}
