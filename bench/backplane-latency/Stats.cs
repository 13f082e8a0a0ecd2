namespace BackplaneLatency;

/// <summary>Percentiles of a set of milliseconds (nearest rank).</summary>
internal readonly record struct Stats(double P50, double P99, double Max, double Mean)
{
    public static Stats Of(double[] milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return new Stats(Rank(sorted, 0.50), Rank(sorted, 0.99), sorted[^1], sorted.Average());
    }

    private static double Rank(double[] sorted, double percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
