namespace HealthGateway.Api.Security;

/// <summary>What <see cref="SilenceWriteAccess.Decide"/> says about one request.</summary>
public enum SilenceWriteDecision
{
    /// <summary>The request carries a key that may write silences.</summary>
    Allowed,

    /// <summary>No key is configured, so nobody may write silences (403).</summary>
    TurnedOff,

    /// <summary>A key is configured and the request lacks one or carries a wrong one (401).</summary>
    Unauthorized,

    /// <summary>The request's key is known but lacks the silences:write scope (403).</summary>
    MissingScope,
}
