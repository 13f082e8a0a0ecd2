using System.Globalization;
using HealthGateway.Checks.Core.Failures;
using HealthGateway.Checks.Core.KindContract;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Kinds.Push;

/// <summary>
/// A heartbeat (push) service: Healthy while a heartbeat arrived within <c>Within</c>; Unhealthy when none did
/// ("no heartbeat for 5 min (last at 09:00:00Z)") or when the latest reported a failure; pending before the first.
/// Enrols its service on the <see cref="HeartbeatBoard"/> when created, and withdraws it when its host is disposed.
/// </summary>
public sealed class PushHealthCheck : IHealthCheck, IEagerHealthCheck, IDisposable
{
    private readonly string _service;
    private readonly TimeSpan _within;
    private readonly HeartbeatBoard? _board;
    private readonly TimeProvider _time;

    /// <summary>A check for <paramref name="service"/>; without a board (the CLI's one-shot check) it stays pending.</summary>
    public PushHealthCheck(string service, TimeSpan within, string? token, HeartbeatBoard? board, TimeProvider time)
    {
        _service = service;
        _within = within;
        _board = board;
        _time = time;
        board?.Enrol(service, token, this);
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_board?.Latest(_service) is not { } beat)
        {
            throw new CheckPendingException(_board is null
                ? "heartbeats reach a running gateway only"
                : "waiting for the first heartbeat");
        }

        var age = _time.GetUtcNow() - beat.At;
        var at = beat.At.UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        if (age > _within)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus,
                $"no heartbeat for {Ago(age)} (last at {at}), expected within {Ago(_within)}"));
        }

        if (beat.Failed)
        {
            var said = string.IsNullOrWhiteSpace(beat.Message) ? "" : $": {beat.Message}";
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, $"the job reported a failure{said} (at {at})"));
        }

        return Task.FromResult(HealthCheckResult.Healthy($"heartbeat {Ago(age)} ago (at {at})"));
    }

    /// <inheritdoc />
    public void Dispose() => _board?.Withdraw(_service, this);

    /// <summary>A whole-unit form a person reads: "45 s", "5 min", "2 h 5 min", "3 d".</summary>
    public static string Ago(TimeSpan span) => span switch
    {
        { TotalSeconds: < 1 } => "0 s",
        { TotalMinutes: < 2 } => $"{(int)span.TotalSeconds} s",
        { TotalHours: < 2 } => span.Seconds == 0 || span.TotalMinutes >= 10 ? $"{(int)span.TotalMinutes} min" : $"{(int)span.TotalMinutes} min {span.Seconds} s",
        { TotalDays: < 2 } => span.Minutes == 0 ? $"{(int)span.TotalHours} h" : $"{(int)span.TotalHours} h {span.Minutes} min",
        _ => $"{(int)span.TotalDays} d",
    };
}
