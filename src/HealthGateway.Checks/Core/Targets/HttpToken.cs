namespace HealthGateway.Checks.Core.Targets;

/// <summary>RFC 9110 tokens: what HTTP header names and WebSocket subprotocols must be.</summary>
public static class HttpToken
{
    /// <summary>Whether <paramref name="text"/> is a non-empty token.</summary>
    public static bool IsValid(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));
}
