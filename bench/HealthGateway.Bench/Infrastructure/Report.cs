using System.Globalization;
using System.Text;

namespace HealthGateway.Bench.Infrastructure;

/// <summary>The Markdown a run prints and saves under bench/results/ (raw material for docs/BENCHMARKS.md).</summary>
internal sealed class Report(string name)
{
    private readonly StringBuilder _text = new();

    public void Heading(string text) => Line($"\n## {text}\n");

    public void Line(string text = "")
    {
        _text.AppendLine(text);
        Console.WriteLine(text);
    }

    public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        Line("| " + string.Join(" | ", header) + " |");
        Line("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in rows)
        {
            Line("| " + string.Join(" | ", row) + " |");
        }

        Line();
    }

    public string Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{name}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.md");
        File.WriteAllText(path, Machine() + _text);
        return path;
    }

    /// <summary>What the numbers were measured on.</summary>
    public static string Machine()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var memory = File.ReadLines("/proc/meminfo").First().Split(':', 2)[1].Trim();
        var load = File.ReadAllText("/proc/loadavg").Trim();
        return $"Machine: {Environment.ProcessorCount} cores ({cpu}), {memory} RAM, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, " +
            $".NET {Environment.Version}; load average at start: {load}\n";
    }
}

internal static class Format
{
    public static string N(double value, int decimals = 0) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Ms(double microseconds) => (microseconds / 1000.0).ToString("0.00", CultureInfo.InvariantCulture) + " ms";

    public static string S(TimeSpan span) => span.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    /// <summary>MiB (what /proc reports, in KiB) as decimal megabytes, the unit the targets are given in.</summary>
    public static string Mb(double mebibytes) => (mebibytes * 1.048576).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    public static double ToMb(double mebibytes) => mebibytes * 1.048576;

    public static string Pct(double ratio) => (ratio * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
