using HealthGateway.Api.Hosting;
using HealthGateway.Api.Reload;
using HealthGateway.Api.Security;
using HealthGateway.Checks.Pipeline.Readiness;
using HealthGateway.Checks.Pipeline.Running;
using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.CommandLine;

/// <summary>
/// The gateway's checks in a plain generic host (no web server), configured from the same sources as the
/// server: appsettings.json next to the binary, environment variables, and command-line overrides. The CLI
/// verbs that check locally run exactly what the server runs: the catalog, the runner and the readiness policy.
/// </summary>
public sealed class LocalChecks : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _started;

    private LocalChecks(IHost host) => _host = host;

    /// <summary>
    /// Builds the host and validates its configuration. On a configuration error writes the one line the server
    /// would write to <paramref name="error"/> and returns null.
    /// </summary>
    public static LocalChecks? Create(IReadOnlyList<string> configurationArguments, TextWriter error)
    {
        IHost? host = null;
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                Args = configurationArguments.ToArray(),
                ContentRootPath = AppContext.BaseDirectory,

                // The server (WebApplication) also honours ASPNETCORE_ENVIRONMENT; a plain host would not.
                EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } environment ? environment : null,
            });
            ConfigureLogging(builder.Logging);

            // The same settings file the server would read (--config FILE or HEALTHGATEWAY_CONFIG), read once.
            GatewayConfigurationFile.LayerNamedFile(builder.Configuration);
            builder.Services.AddGatewayChecks(builder.Configuration);
            builder.Services.AddApiKeySecrets(builder.Configuration);
            host = builder.Build();

            // What the server validates when it starts, checked before anything runs.
            host.Services.GetRequiredService<IStartupValidator>().Validate();
            _ = host.Services.GetRequiredService<ServiceCatalog>();
            return new LocalChecks(host);
        }
        catch (Exception exception) when (StartupErrors.Describe(exception) is { } message)
        {
            host?.Dispose();
            error.WriteLine(message);
            return null;
        }
    }

    /// <summary>Every monitored service.</summary>
    public ServiceCatalog Catalog => _host.Services.GetRequiredService<ServiceCatalog>();

    /// <summary>
    /// The narrowing for <c>--services</c> (identity without it), or null after writing the one line that names
    /// an unknown service to <paramref name="error"/>.
    /// </summary>
    public static Func<ReadinessSnapshot, ReadinessSnapshot>? ResolveView(string[]? services, ServiceCatalog catalog, TextWriter error)
    {
        if (services is not { Length: > 0 })
        {
            return snapshot => snapshot;
        }

        var selection = ReadinessSelection.Parse(services, [], [], out var problem);
        var scope = selection?.Resolve(catalog.Definitions, out problem);
        if (scope is null)
        {
            error.WriteLine($"--services: {problem}");
            return null;
        }

        return snapshot => ReadinessPolicy.Narrow(snapshot, scope);
    }

    /// <summary>Runs every check once, in parallel, each under its own timeout, and evaluates readiness.</summary>
    public async Task<ReadinessSnapshot> RunOnceAsync(CancellationToken cancellationToken)
    {
        var runner = _host.Services.GetRequiredService<ServiceCheckRunner>();
        var time = _host.Services.GetRequiredService<TimeProvider>();
        var runs = Catalog.Services.Select(async service =>
            (service.Definition.Name, Result: await runner.RunAsync(service.Definition, service.Registration, cancellationToken)));
        var results = (await Task.WhenAll(runs)).ToDictionary(r => r.Name, r => r.Result, StringComparer.OrdinalIgnoreCase);
        return ReadinessPolicy.Evaluate(false, Catalog.Definitions, results, 1, time.GetUtcNow());
    }

    /// <summary>
    /// Starts the poller and waits, reacting to each new snapshot, until the services are ready or
    /// <paramref name="timeout"/> has passed; returns the last snapshot either way.
    /// </summary>
    /// <param name="onChange">Called with each new snapshot while not ready, for progress output.</param>
    /// <param name="view">Narrows each snapshot to the services asked about.</param>
    public async Task<ReadinessSnapshot> WaitUntilReadyAsync(TimeSpan timeout, Action<ReadinessSnapshot> onChange, CancellationToken cancellationToken,
        Func<ReadinessSnapshot, ReadinessSnapshot>? view = null)
    {
        view ??= snapshot => snapshot;
        var time = _host.Services.GetRequiredService<TimeProvider>();
        var store = _host.Services.GetRequiredService<HealthSnapshotStore>();
        var started = time.GetTimestamp();
        await _host.StartAsync(cancellationToken);
        _started = true;

        return view(await store.WaitUntilReadyAsync(timeout - time.GetElapsedTime(started), view, null, onChange, cancellationToken));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            // Checks still in flight are cancelled by the poller; a hung one is not waited for long.
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _host.StopAsync(stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }

    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        // stdout carries the report (and --json); warnings go to stderr. Check failures are in the report, so
        // the transition log, the health-check framework's and Polly's retry logs would only repeat them.
        logging.ClearProviders();
        logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddFilter("Polly", LogLevel.None);
        logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None);
        logging.AddFilter("System.Net.Http.HttpClient", LogLevel.None);
        logging.AddFilter(typeof(LoggingTransitionSink).FullName, LogLevel.None);
    }
}
