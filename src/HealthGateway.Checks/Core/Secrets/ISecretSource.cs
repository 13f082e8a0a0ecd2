namespace HealthGateway.Checks.Core.Secrets;

/// <summary>
/// A feature's secrets, for the <see cref="SecretRedactor"/>: each feature that holds one (the services' kinds, the
/// Api's key, the backplane's connection string) registers a source in DI, so the checks library never reads another
/// feature's configuration.
/// </summary>
public interface ISecretSource
{
    /// <summary>Values that are secrets as a whole (passwords, keys, header values); null or empty ones are ignored.</summary>
    IEnumerable<string?> GetSecrets();
}
