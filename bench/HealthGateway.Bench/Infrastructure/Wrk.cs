using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace HealthGateway.Bench.Infrastructure;

/// <summary>Runs wrk (a separate process, so the load generator is never the thing measured) and reads its Lua summary.</summary>
internal static class Wrk
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    public static async Task<WrkResult> RunAsync(string url, TimeSpan duration, string script, int connections = 64, int threads = 2)
    {
        var info = new ProcessStartInfo("wrk")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "-t", threads.ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{(int)duration.TotalSeconds}s",
            "--timeout", "10s",
            "-s", script,
            url,
        })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start wrk");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(duration + TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"wrk did not finish: {url}");
        }

        var text = await output;
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("WRK_JSON ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no summary for {url}:\n{text}\n{await error}");
        return JsonSerializer.Deserialize<WrkResult>(line["WRK_JSON ".Length..], _json)!;
    }
}
