namespace HealthGateway.Api.AgentEvents;

/// <summary>The rule for a user id given as <c>?user=</c> on <c>/ws</c> and <c>/diagnostics/notifier</c>.</summary>
internal static class NotificationUserId
{
    public const int MaxLength = 128;

    /// <summary>The prefix of the users the notifier diagnostics connect as.</summary>
    public const string DiagnosticPrefix = "diag-";

    /// <summary>Whether <paramref name="user"/> is one of the notifier probe's own users.</summary>
    public static bool IsDiagnostic(string user) => user.StartsWith(DiagnosticPrefix, StringComparison.Ordinal);

    /// <summary>Returns why <paramref name="user"/> is not a usable user id, or null when it is.</summary>
    public static string? Validate(string? user) =>
        user switch
        {
            null or "" => "user is required: ?user=<id>",
            { Length: > MaxLength } => $"user must be at most {MaxLength} characters",
            _ when string.IsNullOrWhiteSpace(user) || user.Any(char.IsControl) => "user must be printable text",
            _ => null,
        };
}
