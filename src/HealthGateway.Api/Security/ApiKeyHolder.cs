namespace HealthGateway.Api.Security;

/// <summary>Who presented a known key: its name (what logs show) and its scopes.</summary>
public sealed record ApiKeyHolder(string Name, IReadOnlySet<string> Scopes)
{
    public bool May(string scope) => Scopes.Contains(scope);
}
