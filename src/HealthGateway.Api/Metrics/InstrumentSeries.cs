using System.Diagnostics.Metrics;
using System.Text;

namespace HealthGateway.Api.Metrics;

/// <summary>
/// The aggregated series of one instrument for <see cref="PrometheusTextExposition"/>: one value (or one histogram)
/// per distinct set of tags, its labels in name order so a series is the same whatever order the tags were given in.
/// Series are written in the order they first appeared (for the observed gauges: the services' order), with no
/// sorting per scrape: with ten thousand services a scrape is one pass over them.
/// </summary>
internal sealed class InstrumentSeries
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly double[]? _bounds;
    private readonly bool _observable;
    private readonly bool _sums;
    private readonly string _type;
    private readonly string _help;

    public InstrumentSeries(Instrument instrument)
    {
        Name = PrometheusNames.Of(instrument);
        _help = instrument.Description ?? "";
        _observable = instrument.IsObservable;
        var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : null;
        if (definition == typeof(Histogram<>))
        {
            _type = "histogram";
            _bounds = (instrument as Histogram<double>)?.Advice?.HistogramBucketBoundaries?.ToArray()
                ?? [.. GatewayMeter.DurationBuckets];
        }
        else
        {
            _type = PrometheusNames.IsCounter(instrument) ? "counter" : "gauge";

            // Synchronous counters deliver increments; observable instruments deliver the current total or value.
            _sums = !_observable;
        }
    }

    public string Name { get; }

    /// <summary>Forgets observed values before a scrape observes them again, so a vanished series disappears.</summary>
    public void BeginObservation()
    {
        if (_observable)
        {
            lock (_gate)
            {
                _series.Clear();
            }
        }
    }

    /// <summary>Drops every series carrying <paramref name="label"/> (<c>service="api"</c>): the service is gone.</summary>
    public void Forget(string label)
    {
        lock (_gate)
        {
            foreach (var labels in _series.Keys.Where(labels => ("," + labels + ",").Contains("," + label + ",", StringComparison.Ordinal)).ToList())
            {
                _series.Remove(labels);
            }
        }
    }

    public void Record<T>(T measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        var value = Convert.ToDouble(measurement, System.Globalization.CultureInfo.InvariantCulture);
        var labels = Labels(tags);
        lock (_gate)
        {
            if (!_series.TryGetValue(labels, out var series))
            {
                series = new Series(_bounds?.Length ?? 0);
                _series[labels] = series;
            }

            if (_bounds is not null)
            {
                var bucket = Array.FindIndex(_bounds, bound => value <= bound);
                series.Buckets[bucket < 0 ? _bounds.Length : bucket]++;
                series.Value += value;
                series.Count++;
            }
            else
            {
                series.Value = _sums ? series.Value + value : value;
            }
        }
    }

    public void Write(StringBuilder text)
    {
        lock (_gate)
        {
            if (_series.Count == 0)
            {
                return;
            }

            text.Append("# HELP ").Append(Name).Append(' ').Append(_help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
            text.Append("# TYPE ").Append(Name).Append(' ').Append(_type).Append('\n');
            foreach (var (labels, series) in _series)
            {
                if (_bounds is null)
                {
                    Line(text, Name, labels, null, series.Value);
                    continue;
                }

                long cumulative = 0;
                for (var i = 0; i <= _bounds.Length; i++)
                {
                    cumulative += series.Buckets[i];
                    var le = i < _bounds.Length ? PrometheusTextExposition.Number(_bounds[i]) : "+Inf";
                    Line(text, Name + "_bucket", labels, le, cumulative);
                }

                Line(text, Name + "_sum", labels, null, series.Value);
                Line(text, Name + "_count", labels, null, series.Count);
            }
        }
    }

    private static void Line(StringBuilder text, string name, string labels, string? le, double value)
    {
        text.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            text.Append('{').Append(labels);
            if (le is not null)
            {
                text.Append(labels.Length > 0 ? "," : "").Append("le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(PrometheusTextExposition.Number(value)).Append('\n');
    }

    /// <summary>The label part of a series, <c>a="1",b="2"</c>, sorted by name and escaped.</summary>
    internal static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }

        var sorted = tags.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var text = new StringBuilder();
        foreach (var (key, value) in sorted)
        {
            var escaped = (Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "")
                .Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            text.Append(text.Length > 0 ? "," : "").Append(PrometheusNames.Sanitize(key)).Append("=\"").Append(escaped).Append('"');
        }

        return text.ToString();
    }

    private sealed class Series(int buckets)
    {
        public double Value { get; set; }

        public long Count { get; set; }

        public long[] Buckets { get; } = new long[buckets + 1];
    }
}
