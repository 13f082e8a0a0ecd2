namespace HealthGateway.Bench.Infrastructure;

/// <summary>VmRSS and its parts, MiB (see <see cref="ChildProcess.Memory"/>).</summary>
internal sealed record MemorySample(double Rss, double Anon, double File, double Shmem);
