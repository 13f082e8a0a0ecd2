namespace HealthGateway.Testing;

/// <summary>A server could not bind the port it was given, so the fixture retries with another free port.</summary>
internal sealed class PortTakenException(string message) : Exception(message);
