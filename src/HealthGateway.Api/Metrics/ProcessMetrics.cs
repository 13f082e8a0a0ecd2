using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HealthGateway.Api.Metrics;

/// <summary>
/// The process and .NET memory series <c>/metrics</c> has always had (<c>process_cpu_seconds_total</c>,
/// <c>process_working_set_bytes</c>, <c>dotnet_total_memory_bytes</c>, …, the names prometheus-net's DotNetStats
/// gave them), as observable instruments on a meter of their own. Only <c>/metrics</c> reads this meter: OTLP gets
/// the standard runtime and ASP.NET Core instruments instead, under their semantic-convention names.
/// </summary>
public sealed class ProcessMetrics
{
    /// <summary>The meter name; not exported over OTLP.</summary>
    public const string Name = "HealthGateway.Process";

    /// <summary>Creates the observable instruments.</summary>
    public ProcessMetrics(IMeterFactory factory)
    {
        Meter = factory.Create(Name);
        var startTime = new DateTimeOffset(Process.GetCurrentProcess().StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
        Meter.CreateObservableCounter("process.cpu", () => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, "s",
            "Total user and system CPU time spent.");
        Meter.CreateObservableGauge("process.start_time", () => startTime, "s", "Start time of the process since the Unix epoch.");
        Meter.CreateObservableGauge("process.working_set", () => Process.GetCurrentProcess().WorkingSet64, "By", "Process working set.");
        Meter.CreateObservableGauge("process.virtual_memory", () => Process.GetCurrentProcess().VirtualMemorySize64, "By", "Virtual memory size.");
        Meter.CreateObservableGauge("process.private_memory", () => Process.GetCurrentProcess().PrivateMemorySize64, "By", "Process private memory size.");
        Meter.CreateObservableGauge("process.open_handles", () => Process.GetCurrentProcess().HandleCount, unit: null, "Number of open handles.");
        Meter.CreateObservableGauge("process.num_threads", () => Process.GetCurrentProcess().Threads.Count, unit: null, "Total number of threads.");
        Meter.CreateObservableGauge("dotnet.total_memory", () => GC.GetTotalMemory(false), "By",
            "Bytes currently thought to be allocated on the managed heap.");
        Meter.CreateObservableCounter("dotnet.collection_count", ObserveCollections, unit: null,
            "Garbage collections that have occurred, by generation.");
    }

    /// <summary>The meter.</summary>
    public Meter Meter { get; }

    private static IEnumerable<Measurement<long>> ObserveCollections()
    {
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            yield return new Measurement<long>(GC.CollectionCount(generation),
                new KeyValuePair<string, object?>("generation", generation.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
