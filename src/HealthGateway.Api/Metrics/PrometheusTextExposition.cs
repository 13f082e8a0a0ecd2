using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace HealthGateway.Api.Metrics;

/// <summary>
/// <c>/metrics</c> as a view of the gateway's own instruments: a <see cref="MeterListener"/> on this host's
/// <see cref="GatewayMeter"/> and <see cref="ProcessMetrics"/> meters (by reference, so another gateway in the
/// same process is never mixed in) aggregates what they record, cumulatively, and renders the Prometheus text
/// format (0.0.4). Counters sum, histograms count into the buckets their advice names, observable instruments
/// are observed at scrape time. No reflection-driven serialiser and no second set of counters.
/// </summary>
public sealed class PrometheusTextExposition : IDisposable
{
    /// <summary>The content type of the text format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly MeterListener _listener = new();
    private readonly Lock _scrape = new();
    private readonly Dictionary<Instrument, InstrumentSeries> _instruments = [];
    private readonly Lock _instrumentsGate = new();

    /// <summary>Starts listening to the two meters.</summary>
    public PrometheusTextExposition(GatewayMeter gateway, ProcessMetrics process)
    {
        var meters = new[] { gateway.Meter, process.Meter };
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (Array.IndexOf(meters, instrument.Meter) < 0)
            {
                return;
            }

            var series = new InstrumentSeries(instrument);
            lock (_instrumentsGate)
            {
                _instruments[instrument] = series;
            }

            listener.EnableMeasurementEvents(instrument, series);
        };
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Observes the observable instruments and renders every series.</summary>
    public string Render()
    {
        lock (_scrape)
        {
            InstrumentSeries[] instruments;
            lock (_instrumentsGate)
            {
                instruments = [.. _instruments.Values];
            }

            foreach (var instrument in instruments)
            {
                instrument.BeginObservation();
            }

            _listener.RecordObservableInstruments();
            var text = new StringBuilder(4096);
            foreach (var instrument in instruments.OrderBy(i => i.Name, StringComparer.Ordinal))
            {
                instrument.Write(text);
            }

            return text.ToString();
        }
    }

    /// <summary>
    /// Forgets every series of <paramref name="service"/>, which a reload removed: counters and histograms keep their
    /// series until told, and a removed service must leave <c>/metrics</c> (observed gauges go by themselves).
    /// </summary>
    public void ForgetService(string service)
    {
        var label = InstrumentSeries.Labels([new KeyValuePair<string, object?>("service", service)]);
        lock (_instrumentsGate)
        {
            foreach (var series in _instruments.Values)
            {
                series.Forget(label);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    internal static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
