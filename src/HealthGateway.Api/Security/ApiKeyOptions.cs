namespace HealthGateway.Api.Security;

/// <summary>One entry of <c>HealthGateway:ApiKeys</c>: a named key and what it may do.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>What logs and audit lines call the holder; the key itself never appears anywhere.</summary>
    public string? Name { get; set; }

    /// <summary>The secret, sent in <c>X-Api-Key</c> (or <c>api_key</c> where a browser cannot set headers).</summary>
    public string? Key { get; set; }

    /// <summary>Any of <see cref="AccessScopes.All"/>.</summary>
    public List<string> Scopes { get; set; } = [];
}
