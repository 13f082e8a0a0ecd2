namespace HealthGateway.Api.Tests.Reliability;

/// <summary>How <see cref="DroppingWebSocket"/> ends a connection in the middle of an event sequence.</summary>
public enum MidSequenceDrop
{
    /// <summary>The TCP connection is cut (as when a server process dies): no close frame.</summary>
    AbortConnection,

    /// <summary>The server sends a close frame (1001, going away) instead of the next event.</summary>
    CloseFrame,
}
