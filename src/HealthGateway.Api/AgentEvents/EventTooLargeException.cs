namespace HealthGateway.Api.AgentEvents;

/// <summary>
/// The event is valid but its message to the other replicas, with the fields a gateway adds, is larger than they
/// accept (<see cref="AgentEventRules.MaxMessageBytes"/>): <c>POST /events</c> answers it with 400 "Event too large".
/// </summary>
public sealed class EventTooLargeException : ArgumentException
{
    public EventTooLargeException(int bytes, string? paramName)
        : base(Describe(bytes), paramName)
    {
        Bytes = bytes;
    }

    /// <summary>The size of the message, in bytes of JSON.</summary>
    public int Bytes { get; }

    /// <summary>What was too large, without the parameter name <see cref="ArgumentException.Message"/> appends.</summary>
    public string Detail => Describe(Bytes);

    private static string Describe(int bytes) =>
        $"As a message to the other replicas (with the origin and id fields the gateway adds) the event is {bytes} bytes of JSON; the backplane carries at most {AgentEventRules.MaxMessageBytes} bytes.";
}
