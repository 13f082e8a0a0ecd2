using StackExchange.Redis;

namespace HealthGateway.Api.Backplane;

/// <summary>The Redis client's failure kinds in plain words, for log lines: no type names, no connection ids.</summary>
internal static class BackplaneFailures
{
    public static string Describe(ConnectionFailureType failure) => failure switch
    {
        ConnectionFailureType.UnableToConnect or ConnectionFailureType.UnableToResolvePhysicalConnection => "unable to connect",
        ConnectionFailureType.SocketClosed => "connection closed",
        ConnectionFailureType.SocketFailure => "connection failed",

        // The client also files a frozen server's unfinished handshake here: the health entry asks the server which it was.
        ConnectionFailureType.AuthenticationFailure => "handshake not completed",
        ConnectionFailureType.ProtocolFailure => "not a Redis server, or a protocol error",
        ConnectionFailureType.Loading => "Redis is loading its data set",
        ConnectionFailureType.ConnectionDisposed => "connection shut down",
        _ => "connection lost",
    };
}
