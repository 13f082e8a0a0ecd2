namespace HealthGateway.Api.Notifications;

/// <summary>What became of one event offered to a connection's send queue.</summary>
internal enum SendQueueResult
{
    /// <summary>Queued; its bytes count against the connection's and the total bound until sent or dropped.</summary>
    Queued,

    /// <summary>The connection is closing or gone and takes no more events.</summary>
    Ending,

    /// <summary>The connection already holds <see cref="NotificationOptions.SendQueueCapacity"/> events.</summary>
    QueueFull,

    /// <summary>The event would take the connection over <see cref="NotificationOptions.MaxQueuedBytesPerConnection"/>.</summary>
    ConnectionBytesExceeded,

    /// <summary>The event would take all connections together over <see cref="NotificationOptions.MaxQueuedBytesTotal"/>.</summary>
    TotalBytesExceeded,
}
