using System.Security.Cryptography;
using System.Text;
using HealthGateway.Checks.Core.Model;
using Microsoft.Extensions.Configuration;

namespace HealthGateway.Checks.Composition.Validation;

/// <summary>
/// A hash of everything that makes a service what it is: every value under its section (kind settings, headers and
/// secrets included, so a new password is a change) and the defaults it took from the gateway (a new
/// <c>DefaultTimeout</c> changes a service that names no timeout). Equal fingerprints mean a reload leaves the
/// service alone; the hash keeps the secrets out of memory dumps and logs.
/// </summary>
public static class ServiceFingerprint
{
    /// <summary>The fingerprint of the service configured in <paramref name="section"/>, resolved as <paramref name="definition"/>.</summary>
    public static string Of(IConfigurationSection section, ServiceDefinition definition)
    {
        var text = new StringBuilder();
        var prefix = section.Path.Length + 1;
        foreach (var (key, value) in section.AsEnumerable().Where(pair => pair.Value is not null).OrderBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase))
        {
            // Keys ignore case in configuration; values do not.
            text.Append(key.Length > prefix ? key[prefix..].ToLowerInvariant() : "").Append('=').Append(value).Append('\n');
        }

        text.Append("\ntimeout=").Append(definition.Timeout.Ticks);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
