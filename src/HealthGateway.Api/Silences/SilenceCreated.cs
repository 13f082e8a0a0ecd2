namespace HealthGateway.Api.Silences;

/// <summary>The 201 body of <c>POST /silences</c>.</summary>
public sealed record SilenceCreated(string Id, DateTimeOffset Until);
