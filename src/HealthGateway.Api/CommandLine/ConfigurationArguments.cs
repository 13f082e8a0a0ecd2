namespace HealthGateway.Api.CommandLine;

/// <summary>
/// The tokens a verb does not recognise are configuration overrides, passed on to the host's command-line
/// configuration source exactly as the server takes them (<c>--HealthGateway:Services:api:Url=http://…</c>).
/// Only the <c>--Key=Value</c> and <c>Key=Value</c> forms are accepted, so that a mistyped option is an error
/// instead of a silently ignored setting.
/// </summary>
public static class ConfigurationArguments
{
    /// <summary>Returns the overrides, or the error that names the first token that is not one.</summary>
    public static (IReadOnlyList<string> Arguments, string? Error) From(IReadOnlyList<string> unmatched)
    {
        foreach (var token in unmatched)
        {
            var key = token.StartsWith("--", StringComparison.Ordinal) ? token[2..] : token;
            var separator = key.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0 || key.StartsWith('-'))
            {
                return ([], $"unrecognised argument '{token}'; configuration overrides take the form --Key=Value, e.g. --HealthGateway:Services:api:Url=http://api:8000/health");
            }
        }

        return (unmatched, null);
    }
}
