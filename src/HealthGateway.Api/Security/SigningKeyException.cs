namespace HealthGateway.Api.Security;

/// <summary>A signing-key entry that cannot be used; the message is one line fit for a start-up error.</summary>
internal sealed class SigningKeyException(string message) : Exception(message);
