using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace HealthGateway.Api.Tests.Infrastructure;

/// <summary>Keeps every Serilog event the gateway writes, so tests can assert on logs and scan them for secrets.</summary>
public sealed class CapturingLogSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => _events.ToArray();

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>Each event as one line of text: message, properties and exception.</summary>
    public IEnumerable<string> RenderedLines() => Events.Select(e =>
        $"{e.Level} {e.RenderMessage()} {string.Join(" ", e.Properties.Select(p => $"{p.Key}={p.Value}"))} {e.Exception}");

    /// <summary>Events with the given EventId name (e.g. ServiceStateChanged).</summary>
    public IReadOnlyList<LogEvent> WithEventName(string name) => Events
        .Where(e => e.Properties.TryGetValue("EventId", out var id) && id.ToString().Contains(name, StringComparison.Ordinal))
        .ToList();
}
