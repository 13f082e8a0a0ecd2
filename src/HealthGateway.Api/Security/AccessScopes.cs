namespace HealthGateway.Api.Security;

/// <summary>What an API key may do: each scope opens one group of endpoints.</summary>
public static class AccessScopes
{
    /// <summary><c>POST /events</c>: publish an agent event to any user.</summary>
    public const string EventsWrite = "events:write";

    /// <summary><c>GET /ws?user=</c> as any user (support tools, diagnostics); a token only reads its own user's.</summary>
    public const string EventsReadAny = "events:read-any";

    /// <summary><c>POST /diagnostics/notifier</c>.</summary>
    public const string Diagnostics = "diagnostics";

    /// <summary><c>POST /silences</c> and <c>DELETE /silences/{id}</c>.</summary>
    public const string SilencesWrite = "silences:write";

    /// <summary>Every scope, in the order the docs list them; what the single <c>HealthGateway:ApiKey</c> grants.</summary>
    public static IReadOnlyList<string> All { get; } = [EventsWrite, EventsReadAny, Diagnostics, SilencesWrite];
}
