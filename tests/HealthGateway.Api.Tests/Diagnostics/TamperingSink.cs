using HealthGateway.Api.AgentEvents;

namespace HealthGateway.Api.Tests.Diagnostics;

/// <summary>
/// The test seam for "a manager that mistreats one event type": a decorator of the real manager registered as
/// <see cref="IAgentEventSink"/>, the one way in the diagnostics probe and health check publish through.
/// </summary>
public sealed class TamperingSink(IAgentEventSink inner, string targetType, Tampering tampering) : IAgentEventSink
{
    public async ValueTask<DeliveryResult> PublishAsync(AgentEvent agentEvent, CancellationToken cancellationToken)
    {
        if (agentEvent.Type != targetType)
        {
            return await inner.PublishAsync(agentEvent, cancellationToken);
        }

        switch (tampering)
        {
            case Tampering.Drop:
                return new DeliveryResult(true, 1);
            case Tampering.Duplicate:
                await inner.PublishAsync(agentEvent, cancellationToken);
                return await inner.PublishAsync(agentEvent, cancellationToken);
            case Tampering.SendNextTypeInstead:
                var next = AgentEventTypes.InRunOrder[(AgentEventTypes.RunPosition(agentEvent.Type) + 1) % AgentEventTypes.InRunOrder.Count];
                return await inner.PublishAsync(agentEvent with { Type = next }, cancellationToken);
            case Tampering.WrongRunId:
                return await inner.PublishAsync(agentEvent with { RunId = agentEvent.RunId + "-other" }, cancellationToken);
            default:
                throw new InvalidOperationException($"unknown tampering {tampering}");
        }
    }
}
