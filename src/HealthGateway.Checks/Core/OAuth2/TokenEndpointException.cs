namespace HealthGateway.Checks.Core.OAuth2;

/// <summary>
/// The token endpoint did not give a token; the message says so in words ("token endpoint answered 401
/// invalid_client (https://login.example.com/oauth2/token)"), never quoting the secret or a token.
/// </summary>
public sealed class TokenEndpointException(string message, Exception? inner = null) : Exception(message, inner);
