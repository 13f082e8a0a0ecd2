using System.Text.Json;
using HealthGateway.Api.Health;
using HealthGateway.Checks.Core.Failures;
using HealthGateway.Checks.Pipeline.Readiness;

namespace HealthGateway.Api.CommandLine;

/// <summary>Renders readiness for people (a table, a verdict) and for programs (the <c>/health/ready</c> body).</summary>
public static class ReadinessReport
{
    private static readonly string[] Headings = ["SERVICE", "KIND", "CRITICAL", "STATUS", "DURATION", "DESCRIPTION"];

    /// <summary>One row per service, aligned columns, then the verdict.</summary>
    public static void WriteTable(TextWriter output, ReadinessSnapshot snapshot)
    {
        var rows = snapshot.Entries.Select(entry => new[]
        {
            entry.Definition.Name,
            entry.Definition.Kind,
            entry.Definition.Critical ? "yes" : "no",
            entry.Result?.Status.ToString() ?? "Pending",
            entry.Result is { } result ? Durations.Format(result.Duration) : "-",
            entry.Result?.Description ?? "not checked yet",
        }).ToList();

        if (rows.Count == 0)
        {
            output.WriteLine("No services are configured (or all are disabled).");
        }
        else
        {
            var widths = Headings.Select((heading, column) => Math.Max(heading.Length, rows.Max(row => row[column].Length))).ToArray();
            foreach (var row in rows.Prepend(Headings))
            {
                // The description is last and not padded, so a long one does not push trailing spaces out.
                output.WriteLine(string.Join("  ", row.Select((cell, column) => column == row.Length - 1 ? cell : cell.PadRight(widths[column]))));
            }

            output.WriteLine();
        }

        WriteVerdict(output, HealthJson.ToResponse(snapshot), snapshot.Ready);
    }

    /// <summary>The <c>/health/ready</c> body for <paramref name="snapshot"/>, the same shape the server answers with.</summary>
    public static void WriteJson(TextWriter output, ReadinessSnapshot snapshot) =>
        output.WriteLine(JsonSerializer.Serialize(HealthJson.ToResponse(snapshot), HealthJson.Readiness));

    /// <summary>
    /// "Ready: Healthy", or "Not ready" followed by each unavailable or unchecked service and why, critical ones
    /// marked: what a person reads to know what to start.
    /// </summary>
    public static void WriteVerdict(TextWriter output, ReadinessResponse report, bool ready)
    {
        var critical = new HashSet<string>(report.CriticalServices, StringComparer.OrdinalIgnoreCase);
        if (ready)
        {
            output.WriteLine(report.UnavailableServices.Count == 0
                ? $"Ready: {report.Status}"
                : $"Ready: {report.Status} (unavailable, not critical: {string.Join(", ", report.UnavailableServices)})");
            return;
        }

        output.WriteLine(report.Phase == "stopping" ? "Not ready: the gateway is stopping" : $"Not ready: {report.Status}");
        foreach (var name in report.UnavailableServices)
        {
            var description = report.Entries.TryGetValue(name, out var entry) ? entry.Description : "unavailable";
            output.WriteLine($"  {name}{(critical.Contains(name) ? " (critical)" : "")}: {description}");
        }

        // The blocking services not listed above are those not checked yet.
        foreach (var name in BlockingServices.Of(report.CriticalServices, report.UnavailableServices, report.PendingServices)
                     .Where(name => !report.UnavailableServices.Contains(name)))
        {
            output.WriteLine($"  {name} (critical): not checked yet");
        }
    }
}
