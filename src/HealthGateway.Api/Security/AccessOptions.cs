namespace HealthGateway.Api.Security;

/// <summary>Who may call the endpoints that read or write agent events, run diagnostics or write silences.</summary>
public sealed class AccessOptions
{
    public const string SectionName = "HealthGateway";

    /// <summary>The single shared key of earlier versions: it grants every scope, under the name <c>ApiKey</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Named keys, each with its own scopes.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    public AuthOptions Auth { get; set; } = new();

    /// <summary>True when any key or token issuer is configured; false means protected mode (loopback only).</summary>
    public bool IsConfigured => !string.IsNullOrEmpty(ApiKey) || ApiKeys.Count > 0 || Auth.Jwt.IsConfigured;
}
