namespace HealthGateway.Api.AgentEvents;

/// <summary>
/// Composes the agent-event pipeline: a terminal sink (this replica's connections) and the decorators the
/// composition chooses over it, in the order they are added. <see cref="IAgentEventSink"/> resolves to the
/// outermost; the terminal is also registered under <see cref="LocalSinkKey"/> for whatever must reach this
/// replica's connections directly (the backplane's copies coming back from Redis).
/// </summary>
public sealed class AgentEventSinkBuilder
{
    /// <summary>Service key of the terminal sink.</summary>
    public const string LocalSinkKey = "agent-events-local";

    private readonly List<Func<IServiceProvider, IAgentEventSink, IAgentEventSink>> _decorators = [];

    internal AgentEventSinkBuilder(WebApplicationBuilder host, Func<IServiceProvider, IAgentEventSink> terminal)
    {
        Host = host;
        host.Services.AddKeyedSingleton(LocalSinkKey, (provider, _) => terminal(provider));
        host.Services.AddSingleton(Build);
    }

    /// <summary>The host being composed, for a decorator's own registrations.</summary>
    public WebApplicationBuilder Host { get; }

    /// <summary>Wraps the pipeline so far in <paramref name="decorator"/> (called once, with the sink it decorates).</summary>
    public AgentEventSinkBuilder Decorate(Func<IServiceProvider, IAgentEventSink, IAgentEventSink> decorator)
    {
        _decorators.Add(decorator);
        return this;
    }

    private IAgentEventSink Build(IServiceProvider provider)
    {
        var sink = provider.GetRequiredKeyedService<IAgentEventSink>(LocalSinkKey);
        foreach (var decorator in _decorators)
        {
            sink = decorator(provider, sink);
        }

        return sink;
    }
}
