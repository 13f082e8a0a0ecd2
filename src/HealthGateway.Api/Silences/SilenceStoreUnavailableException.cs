namespace HealthGateway.Api.Silences;

/// <summary>The silence store (Redis) could not be reached; the message names its host:port and nothing secret.</summary>
public sealed class SilenceStoreUnavailableException(string message) : Exception(message);
