using System.Text;

namespace HealthGateway.Checks.Core.Targets;

/// <summary>
/// What of configured request headers is secret: each value whole, and the credentials inside an
/// <c>Authorization</c>-style value (<c>Bearer tok</c> → <c>tok</c>; <c>Basic dXNlcjpwdw==</c> → the Base64 text, the
/// decoded <c>user:pw</c> and <c>pw</c>). A backend that echoes the token alone, without its scheme, is masked too.
/// </summary>
public static class HeaderSecrets
{
    /// <summary>The secrets in <paramref name="headers"/>' values.</summary>
    public static IEnumerable<string> Of(IReadOnlyDictionary<string, string> headers)
    {
        foreach (var value in headers.Values)
        {
            yield return value;
            if (CredentialsOf(value) is not { } credentials)
            {
                continue;
            }

            yield return credentials;
            if (DecodeBasic(value, credentials) is { } decoded)
            {
                yield return decoded;
                if (decoded.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0)
                {
                    yield return decoded[(colon + 1)..];
                }
            }
        }
    }

    // "Scheme credentials": the credentials, when the value has that shape.
    private static string? CredentialsOf(string value)
    {
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && HttpToken.IsValid(value[..space]) && value[(space + 1)..].Trim() is { Length: > 0 } credentials ? credentials : null;
    }

    private static string? DecodeBasic(string value, string credentials)
    {
        if (!value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var bytes = new byte[credentials.Length];
        return Convert.TryFromBase64String(credentials, bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : null;
    }
}
