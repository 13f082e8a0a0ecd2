namespace HealthGateway.Api.AgentEvents;

public static class AgentEventsHostingExtensions
{
    /// <summary>
    /// Registers <see cref="IAgentEventSink"/> with <paramref name="terminal"/> as its terminal sink; decorate it
    /// through the builder returned.
    /// </summary>
    public static AgentEventSinkBuilder AddAgentEventSink(this WebApplicationBuilder builder, Func<IServiceProvider, IAgentEventSink> terminal) =>
        new(builder, terminal);
}
