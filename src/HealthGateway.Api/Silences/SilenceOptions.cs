namespace HealthGateway.Api.Silences;

/// <summary>Limits of the silence API, bound to <c>HealthGateway:Silences</c> and validated when the host starts.</summary>
public sealed class SilenceOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "HealthGateway:Silences";

    /// <summary>
    /// Silences that may be in force at once (default 1,000, from 1 to 100,000); one more is refused with 429 until
    /// one ends. Every silence is in the readiness and <c>GET /silences</c> bodies, so they must stay bounded.
    /// </summary>
    public int MaxActive { get; set; } = 1000;
}
