using System.Diagnostics.Metrics;
using System.Text;

namespace HealthGateway.Api.Metrics;

/// <summary>
/// OpenTelemetry's Prometheus compatibility rules for names, the part the gateway needs: characters outside
/// <c>[a-zA-Z0-9_:]</c> become <c>_</c>, the unit becomes a suffix (<c>s</c> → <c>_seconds</c>, <c>By</c> →
/// <c>_bytes</c>; annotations such as <c>{run}</c> are dropped) and counters end in <c>_total</c>.
/// </summary>
public static class PrometheusNames
{
    /// <summary>The Prometheus name of <paramref name="instrument"/>.</summary>
    public static string Of(Instrument instrument)
    {
        var name = Sanitize(instrument.Name);
        var unit = instrument.Unit switch
        {
            "s" => "seconds",
            "ms" => "milliseconds",
            "By" => "bytes",
            "1" => "ratio",
            _ => null,
        };
        if (unit is not null && !name.EndsWith("_" + unit, StringComparison.Ordinal))
        {
            name += "_" + unit;
        }

        if (IsCounter(instrument) && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return name;
    }

    /// <summary>Whether the instrument only goes up (a Prometheus counter).</summary>
    public static bool IsCounter(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return false;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>);
    }

    /// <summary>A label or metric name with every character Prometheus does not allow replaced by <c>_</c>.</summary>
    public static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var character in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(character) || character is '_' or ':' ? character : '_');
        }

        return builder.ToString();
    }
}
