using HealthGateway.Api.Reload;

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
        var arguments = new List<string>(unmatched.Count);
        for (var i = 0; i < unmatched.Count; i++)
        {
            var token = unmatched[i];

            // The settings file is named as the server names it: --config FILE as well as --config=FILE.
            if (token == "--" + GatewayConfigurationFile.CommandLineKey && i + 1 < unmatched.Count)
            {
                arguments.Add($"--{GatewayConfigurationFile.CommandLineKey}={unmatched[++i]}");
                continue;
            }

            var key = token.StartsWith("--", StringComparison.Ordinal) ? token[2..] : token;
            var separator = key.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0 || key.StartsWith('-'))
            {
                return ([], $"unrecognised argument '{token}'; configuration overrides take the form --Key=Value, e.g. --HealthGateway:Services:api:Url=http://api:8000/health");
            }

            arguments.Add(token);
        }

        return (arguments, null);
    }
}
