namespace HealthGateway.Api.Heartbeats;

/// <summary>The optional body of <c>POST /heartbeat/{service}</c>: <c>{"status":"fail","message":"…"}</c> reports a failure.</summary>
/// <param name="Status"><c>ok</c> (the default) or <c>fail</c>.</param>
/// <param name="Message">What the job wants shown, shortened to 200 characters.</param>
public sealed record HeartbeatReport(string? Status, string? Message);
