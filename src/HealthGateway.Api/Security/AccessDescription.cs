namespace HealthGateway.Api.Security;

/// <summary>
/// <c>GET /access</c>: what the identity of this request may do, for the dashboard. <see cref="Identity"/> is the
/// key's name, <c>token</c>, <c>loopback</c> (protected mode's rule), or null for no identity.
/// </summary>
public sealed record AccessDescription(bool Configured, bool ProtectedMode, string? Identity, string? User, IReadOnlyList<string> Scopes, string? Detail);
