using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace HealthGateway.Api.Security;

/// <summary>
/// Reads one <c>HealthGateway:Auth:Jwt:SigningKeys</c> entry: a PEM public-key file (RSA or EC), or
/// <c>base64:&lt;key&gt;</c> for an HMAC-SHA256 key. The key's bytes never reach a message.
/// </summary>
internal static class SigningKeyLoader
{
    private const string Base64Prefix = "base64:";

    /// <summary>Why <paramref name="entry"/> cannot be used, or null when it can.</summary>
    public static string? Describe(string entry)
    {
        try
        {
            Load(entry);
            return null;
        }
        catch (SigningKeyException ex)
        {
            return ex.Message;
        }
    }

    /// <exception cref="SigningKeyException">The entry is not a usable key; the message says why in one line.</exception>
    public static SecurityKey Load(string entry)
    {
        if (entry.StartsWith(Base64Prefix, StringComparison.OrdinalIgnoreCase))
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(entry[Base64Prefix.Length..].Trim());
            }
            catch (FormatException)
            {
                throw new SigningKeyException("the text after base64: is not base64");
            }

            if (bytes.Length < AccessOptionsValidator.MinHmacKeyBytes)
            {
                throw new SigningKeyException($"an HMAC-SHA256 key must be at least {AccessOptionsValidator.MinHmacKeyBytes} bytes (got {bytes.Length})");
            }

            return new SymmetricSecurityKey(bytes) { KeyId = null };
        }

        string pem;
        try
        {
            pem = File.ReadAllText(entry);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SigningKeyException($"cannot read the PEM file '{entry}': {ex.Message}");
        }

        if (pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            // The gateway only verifies; a private key in its settings is one more copy to leak.
            throw new SigningKeyException($"'{entry}' holds a private key; give the gateway the public key only");
        }

        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            // Not RSA: try EC below.
        }

        try
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            throw new SigningKeyException($"'{entry}' is not a PEM RSA or EC public key");
        }
    }
}
