using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace HealthGateway.Api.Security;

/// <summary>
/// The configured keys as SHA-256 digests with their holders, rebuilt when the configuration reloads. A presented
/// key is compared with every digest in constant time, and all of them are compared, so neither a key's content,
/// its length nor its position in the list leaks through timing.
/// </summary>
public sealed class ApiKeyRing : IDisposable
{
    /// <summary>The name the single <c>HealthGateway:ApiKey</c> goes by in logs.</summary>
    public const string LegacyKeyName = "ApiKey";

    /// <summary>The name of the gateway's own key: its notifier probe connects to <c>/ws</c> with it.</summary>
    public const string ProbeKeyName = "notifier-probe";

    private readonly IDisposable? _subscription;
    private readonly (byte[] Digest, ApiKeyHolder Holder) _probe;
    private volatile Entries _entries;

    public ApiKeyRing(IOptions<AccessOptions> options, IConfiguration configuration, ILogger<ApiKeyRing> logger)
    {
        // A fresh random key per process: the probe needs no configured key, and nobody outside can learn this one.
        ProbeKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _probe = (Digest(ProbeKey), new ApiKeyHolder(ProbeKeyName, new HashSet<string>(StringComparer.Ordinal) { AccessScopes.EventsReadAny }));
        _entries = Build(options.Value);

        // Keys are re-read when the settings reload (rotating a key needs no restart); a reloaded list the start-up
        // validation would refuse leaves the keys as they were, with one line that says why.
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, () =>
        {
            var reloaded = new AccessOptions();
            configuration.GetSection(AccessOptions.SectionName).Bind(reloaded);
            var result = new AccessOptionsValidator().Validate(null, reloaded);
            if (result.Failed)
            {
                logger.LogWarning("API keys not reloaded: {Problem}", result.FailureMessage);
                return;
            }

            _entries = Build(reloaded);
        });
    }

    /// <summary>The key the in-process notifier probe sends; it may only connect to <c>/ws</c>.</summary>
    public string ProbeKey { get; }

    /// <summary>True when at least one key is configured (the gateway's own probe key does not count).</summary>
    public bool HasConfiguredKeys => _entries.Keys.Length > 0;

    /// <summary>True when any key (or a token issuer) is configured: protected mode is off.</summary>
    public bool IsAccessConfigured => _entries.AccessConfigured;

    /// <summary>The holder of <paramref name="presented"/>, or null when it is no configured key.</summary>
    public ApiKeyHolder? Find(string presented)
    {
        var digest = Digest(presented);
        ApiKeyHolder? found = null;
        foreach (var (candidate, holder) in _entries.Keys)
        {
            // No early exit: every comparison is made whatever matched.
            if (CryptographicOperations.FixedTimeEquals(candidate, digest))
            {
                found ??= holder;
            }
        }

        return CryptographicOperations.FixedTimeEquals(_probe.Digest, digest) ? found ?? _probe.Holder : found;
    }

    public void Dispose() => _subscription?.Dispose();

    private static Entries Build(AccessOptions options)
    {
        var keys = new List<(byte[], ApiKeyHolder)>();
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            keys.Add((Digest(options.ApiKey), new ApiKeyHolder(LegacyKeyName, new HashSet<string>(AccessScopes.All, StringComparer.Ordinal))));
        }

        foreach (var entry in options.ApiKeys)
        {
            if (string.IsNullOrEmpty(entry.Key))
            {
                continue;
            }

            keys.Add((Digest(entry.Key), new ApiKeyHolder(entry.Name ?? "unnamed", new HashSet<string>(entry.Scopes, StringComparer.Ordinal))));
        }

        return new Entries([.. keys], options.IsConfigured);
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private sealed record Entries((byte[] Digest, ApiKeyHolder Holder)[] Keys, bool AccessConfigured);
}
