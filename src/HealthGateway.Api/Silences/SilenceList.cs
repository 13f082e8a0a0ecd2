namespace HealthGateway.Api.Silences;

/// <summary>The body of <c>GET /silences</c>: the silences that have not ended, soonest ending first.</summary>
public sealed record SilenceList(IReadOnlyList<Silence> Silences);
