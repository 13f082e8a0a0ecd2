using System.Text.Json;

namespace HealthGateway.Api.Tests.Infrastructure;

/// <summary>
/// A class fixture: some real servers, one gateway configured against them, and the readiness body once every
/// named service has an entry. Subclasses start their servers and describe the services.
/// </summary>
public abstract class GatewayEnvironment : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _servers = [];
    private GatewayHost? _gateway;

    /// <summary>The readiness body once every service has been checked.</summary>
    public JsonElement Body { get; private set; }

    /// <summary>The gateway, for tests that read more than the first readiness body (details, logs, metrics).</summary>
    public GatewayHost Gateway => _gateway ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync()
    {
        var (settings, services) = await ConfigureAsync();
        _gateway = await settings.PollEvery(TimeSpan.FromSeconds(30)).StartAsync();
        Body = await _gateway.WaitForReadinessAsync(body => body.HasEntries(services));
    }

    public virtual async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Starts what the gateway will check; returns its settings and the services to wait for.</summary>
    protected abstract Task<(GatewaySettings Settings, string[] Services)> ConfigureAsync();

    /// <summary>Keeps <paramref name="server"/> until the fixture is disposed.</summary>
    protected T Own<T>(T server)
        where T : IAsyncDisposable
    {
        _servers.Add(server);
        return server;
    }
}
