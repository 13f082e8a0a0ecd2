namespace HealthGateway.Checks.Core.Secrets;

/// <summary>An <see cref="ISecretSource"/> over a function, read when the redactor is built.</summary>
/// <param name="secrets">Returns the secrets.</param>
public sealed class SecretSource(Func<IEnumerable<string?>> secrets) : ISecretSource
{
    /// <summary>A source of fixed values.</summary>
    public static SecretSource Of(params string?[] values) => new(() => values);

    /// <inheritdoc />
    public IEnumerable<string?> GetSecrets() => secrets();
}
