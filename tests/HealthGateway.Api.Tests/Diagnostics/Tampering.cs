namespace HealthGateway.Api.Tests.Diagnostics;

/// <summary>How <see cref="TamperingSink"/> mistreats its target event type.</summary>
public enum Tampering
{
    /// <summary>Never sends it, yet reports it delivered: the event is silently lost.</summary>
    Drop,

    /// <summary>Sends it twice.</summary>
    Duplicate,

    /// <summary>Sends the next event type of the run in its place.</summary>
    SendNextTypeInstead,

    /// <summary>Sends it under another run id.</summary>
    WrongRunId,
}
