namespace HealthGateway.Bench.Infrastructure;

/// <summary>One wrk run, as printed by bench/wrk/*.lua (latencies in microseconds).</summary>
internal sealed record WrkResult(
    long Requests,
    long DurationUs,
    long Bytes,
    long ConnectErrors,
    long ReadErrors,
    long WriteErrors,
    long StatusErrors,
    long Timeouts,
    long P50Us,
    long P90Us,
    long P99Us,
    long MaxUs,
    double MeanUs,
    long? Status200 = null,
    long? Status503 = null,
    long? StatusOther = null)
{
    public double RequestsPerSecond => Requests / (DurationUs / 1_000_000.0);

    public long SocketErrors => ConnectErrors + ReadErrors + WriteErrors + Timeouts;
}
