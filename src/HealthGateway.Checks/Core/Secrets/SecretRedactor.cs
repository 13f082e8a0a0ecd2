using System.Text.RegularExpressions;

namespace HealthGateway.Checks.Core.Secrets;

/// <summary>
/// Knows every secret the features contribute (passwords in connection strings and URLs, header values, the API
/// key: see <see cref="ISecretSource"/>) and masks them in any text before it reaches a response, a log line or the
/// dashboard. Descriptions are built not to contain secrets in the first place; this is the second line of defence.
/// </summary>
public sealed partial class SecretRedactor
{
    private const string Mask = "***";
    private readonly ISecretSource[] _sources;
    private string[] _secrets;

    /// <summary>Collects the secrets of every source once.</summary>
    public SecretRedactor(IEnumerable<ISecretSource> sources)
    {
        _sources = sources.ToArray();
        _secrets = Collect(_sources);
    }

    /// <summary>
    /// Collects the secrets again, after a reload applied new settings. The old ones are kept too: a check that
    /// started before the reload may still describe its failure with them.
    /// </summary>
    public void Refresh() => Volatile.Write(ref _secrets, Collect(_sources).Union(Volatile.Read(ref _secrets)).OrderByDescending(secret => secret.Length).ToArray());

    /// <summary>
    /// <paramref name="text"/> with every known secret replaced by <c>***</c>, and the credentials of any
    /// <c>Bearer …</c> or <c>Basic …</c> value (an echoed <c>Authorization</c> header, configured by us or not) too.
    /// </summary>
    public string Redact(string text)
    {
        foreach (var secret in Volatile.Read(ref _secrets))
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        // After the configured secrets, so a configured "Bearer …" value is masked whole, as before.
        if (text.Contains("Bearer", StringComparison.OrdinalIgnoreCase) || text.Contains("Basic", StringComparison.OrdinalIgnoreCase))
        {
            text = AuthorizationCredentials().Replace(text, "$1 " + Mask);
        }

        return text;
    }

    // The scheme as HTTP clients write it, then credentials up to whitespace or a quote or separator that would end them
    // in a JSON body or a header list. Not case-insensitive: "basic checks passed" is prose, not a header.
    [GeneratedRegex(@"\b(Bearer|Basic|BEARER|BASIC|bearer)\s+[^\s""',;]{4,}", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationCredentials();

    private static string[] Collect(IEnumerable<ISecretSource> sources)
    {
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var secret in sources.SelectMany(source => source.GetSecrets()))
        {
            if (!string.IsNullOrEmpty(secret))
            {
                secrets.Add(secret);
            }
        }

        // Very short values would mask ordinary words; longest first so overlapping secrets mask whole.
        return secrets.Where(secret => secret.Length >= 3).OrderByDescending(secret => secret.Length).ToArray();
    }
}
