namespace HealthGateway.Bench.Infrastructure;

/// <summary>What the targets of one host have received so far, counted at the targets themselves.</summary>
internal sealed record DependencyCounts(long HttpRequests, long WebSocketUpgrades, long TcpConnects, long RedisPings, long PostgresSelects, DateTime At)
{
    public DependencyRates RatesSince(DependencyCounts earlier)
    {
        var seconds = (At - earlier.At).TotalSeconds;
        return new DependencyRates(
            (HttpRequests - earlier.HttpRequests) / seconds,
            (WebSocketUpgrades - earlier.WebSocketUpgrades) / seconds,
            (TcpConnects - earlier.TcpConnects) / seconds,
            (RedisPings - earlier.RedisPings) / seconds,
            (PostgresSelects - earlier.PostgresSelects) / seconds,
            seconds);
    }
}

/// <summary>Operations per second at each target over <see cref="Seconds"/>.</summary>
internal sealed record DependencyRates(double Http, double WebSocket, double Tcp, double RedisPing, double PostgresSelect, double Seconds);
