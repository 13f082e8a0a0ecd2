namespace HealthGateway.Api.Silences;

/// <summary>What a readiness entry says about a silenced service: <c>silenced: {id, until, reason, gate}</c>.</summary>
public sealed record ServiceSilence(string Id, DateTimeOffset Until, string Reason, bool Gate);
