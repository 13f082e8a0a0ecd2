using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HealthGateway.Checks.Core.Model;

namespace HealthGateway.Checks.Kinds.Tls;

/// <summary>
/// Loads a check's client certificate (mutual TLS) from its PEM files and says, on start, which of the two files is
/// wrong: missing, not PEM, or a key that does not belong to the certificate.
/// </summary>
internal static class ClientCertificates
{
    /// <summary>The certificate with its private key, or null when <paramref name="certificatePath"/> is empty.</summary>
    /// <exception cref="InvalidOperationException">A file cannot be read, or the key does not match (the message names the field).</exception>
    public static X509Certificate2? Load(string? certificatePath, string? keyPath)
    {
        if (string.IsNullOrWhiteSpace(certificatePath))
        {
            return null;
        }

        string? failure = null;
        Check(certificatePath, keyPath, (field, message) => failure ??= $"{field} {message}");
        if (failure is not null)
        {
            throw new InvalidOperationException(failure);
        }

        return X509Certificate2.CreateFromPemFile(certificatePath, string.IsNullOrWhiteSpace(keyPath) ? null : keyPath);
    }

    /// <summary>Reports the first problem with the pair as (field, message); nothing when both are empty.</summary>
    public static void Check(string? certificatePath, string? keyPath, Action<string, string> problem)
    {
        var hasKey = !string.IsNullOrWhiteSpace(keyPath);
        if (string.IsNullOrWhiteSpace(certificatePath))
        {
            if (hasKey)
            {
                problem(nameof(TlsSettings.ClientKey), "is set without ClientCertificate");
            }

            return;
        }

        if (!Readable(certificatePath))
        {
            problem(nameof(TlsSettings.ClientCertificate), $"file {ConfigurationText.Quote(certificatePath)} does not exist or cannot be read");
            return;
        }

        if (hasKey && !Readable(keyPath!))
        {
            problem(nameof(TlsSettings.ClientKey), $"file {ConfigurationText.Quote(keyPath!)} does not exist or cannot be read");
            return;
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(certificatePath);
        }
        catch (CryptographicException)
        {
            // Counted below: no certificate read.
        }

        if (certificates.Count == 0)
        {
            problem(nameof(TlsSettings.ClientCertificate), $"file {ConfigurationText.Quote(certificatePath)} holds no PEM certificate");
            return;
        }

        var keyField = hasKey ? nameof(TlsSettings.ClientKey) : nameof(TlsSettings.ClientCertificate);
        var keyFile = hasKey ? keyPath! : certificatePath;
        if (!File.ReadAllText(keyFile).Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            problem(keyField, $"file {ConfigurationText.Quote(keyFile)} holds no unencrypted PEM private key"
                + (hasKey ? string.Empty : "; give it with ClientKey"));
            return;
        }

        try
        {
            using var loaded = X509Certificate2.CreateFromPemFile(certificatePath, hasKey ? keyPath : null);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            problem(keyField, $"file {ConfigurationText.Quote(keyFile)}: the private key does not match the certificate in ClientCertificate (or is encrypted)");
        }
    }

    private static bool Readable(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return false;
        }
    }
}
