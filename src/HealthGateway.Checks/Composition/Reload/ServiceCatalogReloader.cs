using HealthGateway.Checks.Composition.Validation;
using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Core.Secrets;
using HealthGateway.Checks.Core.Text;
using HealthGateway.Checks.Pipeline.Snapshots;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthGateway.Checks.Composition.Reload;

/// <summary>
/// Applies a reloaded configuration to the running gateway: validates the <c>HealthGateway</c> section exactly as
/// start-up does, and when it is valid tells the store and the poller which services were added, removed or changed
/// (by name and <see cref="ServiceFingerprint"/>). An unchanged service keeps its schedule, history, counters and
/// status. An invalid configuration changes nothing: one error line, and <see cref="Status"/> says why. A reload that
/// throws (a new service's check cannot be built) has changed nothing either: its caller rejects it.
/// </summary>
public sealed partial class ServiceCatalogReloader(
    IConfiguration configuration,
    ServiceKindCatalog kinds,
    ServiceCatalog catalog,
    HealthSnapshotStore store,
    HealthPoller poller,
    ServiceCheckHosts hosts,
    SecretRedactor redactor,
    IOptions<HealthCheckServiceOptions> registry,
    IEnumerable<IConfigurationReloadSink> sinks,
    TimeProvider time,
    ILogger<ServiceCatalogReloader> logger)
{
    private readonly Lock _gate = new();
    private readonly IConfigurationReloadSink[] _sinks = sinks.ToArray();
    private ConfigurationLoadStatus _status = new(time.GetUtcNow(), null);

    /// <summary>The last load: when, and why the last reload was rejected if it was.</summary>
    public ConfigurationLoadStatus Status => Volatile.Read(ref _status);

    /// <summary>Reads the services from the configuration as it is now and applies them, or rejects them.</summary>
    public ConfigurationReload Reload()
    {
        lock (_gate)
        {
            var read = GatewayConfiguration.Read(configuration);
            var (options, set, errors) = Read(read);
            if (errors.Count > 0)
            {
                // The messages name values the way start-up does (never a secret setting); the new values' secrets
                // are masked as well, since the running redactor does not know them yet.
                var newSecrets = new SecretRedactor([new SecretSource(() => GatewayServices.Secrets(read, kinds))]);
                return Reject(newSecrets.Redact(redactor.Redact(string.Join("; ", errors))));
            }

            return Apply(read, options!, set!);
        }
    }

    /// <summary>Records a reload that could not even be read (a file that is not JSON, a missing file).</summary>
    /// <param name="error">Why, naming the file; no file content.</param>
    public ConfigurationReload Reject(string error)
    {
        lock (_gate)
        {
            LogRejected(logger, error);
            Volatile.Write(ref _status, Status with { LastError = error });
            store.Republish();
            return Notify(new ConfigurationReload(ConfigurationReloadOutcome.Rejected, time.GetUtcNow(), [], [], [], error));
        }
    }

    private (GatewayOptions? Options, GatewayServiceSet? Set, IReadOnlyList<string> Errors) Read(GatewayConfiguration read)
    {
        if (RawValueChecker.FindUnreadableValues(read, kinds) is { Count: > 0 } unreadable)
        {
            return (null, null, unreadable);
        }

        GatewayOptions options;
        try
        {
            options = read.Bind();
        }
        catch (InvalidOperationException exception)
        {
            return (null, null, [exception.Message.Split('\n')[0].Trim()]);
        }

        var errors = new List<string>();
        foreach (var result in new[] { new GatewayOptionsValidator(configuration, kinds).Validate(options, read), new ReadinessOptionsValidator(registry).Validate(null, options) })
        {
            if (result.Failed)
            {
                errors.AddRange(result.Failures);
            }
        }

        // At start the framework refuses a configured name that a check registered in code has; here it is ours to.
        var inCode = catalog.Services.Where(s => s.Fingerprint is null).Select(s => s.Definition.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        errors.AddRange(options.Services.Where(service => service.Value.Enabled && inCode.Contains(service.Key))
            .Select(service => $"HealthGateway:Services:{service.Key}: duplicate name; another check is already registered as '{service.Key}'"));
        return (options, GatewayServices.Read(read, options, kinds), errors);
    }

    private ConfigurationReload Apply(GatewayConfiguration read, GatewayOptions options, GatewayServiceSet set)
    {
        var running = catalog.Services.Where(s => s.Fingerprint is not null).ToDictionary(s => s.Definition.Name, StringComparer.OrdinalIgnoreCase);
        var next = set.Services.Select(s => (Service: s, Fingerprint: ServiceFingerprint.Of(read.Service(s.Definition.Name), s.Definition))).ToList();
        var nextNames = next.Select(n => n.Service.Definition.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var removed = running.Keys.Where(name => !nextNames.Contains(name)).ToList();
        var added = next.Where(n => !running.ContainsKey(n.Service.Definition.Name)).ToList();
        var changed = next.Where(n => running.TryGetValue(n.Service.Definition.Name, out var old) && old.Fingerprint != n.Fingerprint).ToList();
        var now = time.GetUtcNow();
        if (removed.Count == 0 && added.Count == 0 && changed.Count == 0 && SameGroups(catalog.Options, options))
        {
            Volatile.Write(ref _status, new ConfigurationLoadStatus(now, null));
            store.Republish();
            LogUnchanged(logger);
            return Notify(new ConfigurationReload(ConfigurationReloadOutcome.Unchanged, now, [], [], [], null));
        }

        // The new services' secrets must be known before their first check describes a failure.
        redactor.Refresh();
        var started = added.Concat(changed).ToDictionary(n => n.Service.Definition.Name, n => (n.Service, n.Fingerprint), StringComparer.OrdinalIgnoreCase);
        var retired = removed.Concat(changed.Select(n => n.Service.Definition.Name)).ToList();
        var built = new List<ServiceCheckHost>();
        try
        {
            // Every new host first: one that fails to build must leave every running schedule as it is.
            foreach (var (service, fingerprint) in started.Values)
            {
                built.Add(hosts.Create(service, fingerprint));
            }
        }
        catch (Exception)
        {
            hosts.Discard(built);
            throw;
        }

        var fresh = new Dictionary<string, MonitoredService>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in retired)
        {
            // Taken out before the new host of a changed service is added under the same name; disposed once
            // its schedule and its check in flight have ended.
            hosts.Retire(name, poller.Apply([name], []));
        }

        foreach (var host in built)
        {
            fresh[host.Service.Definition.Name] = hosts.Adopt(host);
        }

        var configured = next.Select(n => fresh.TryGetValue(n.Service.Definition.Name, out var created) ? created : running[n.Service.Definition.Name]).ToList();
        Volatile.Write(ref _status, new ConfigurationLoadStatus(now, null));
        store.Apply(configured, options, removed,
            added.Select(n => fresh[n.Service.Definition.Name].Definition).ToList(),
            changed.Select(n => fresh[n.Service.Definition.Name].Definition).ToList());
        _ = poller.Apply([], [.. fresh.Values]);

        var reload = new ConfigurationReload(ConfigurationReloadOutcome.Applied, now,
            [.. added.Select(n => n.Service.Definition.Name)], removed, [.. changed.Select(n => n.Service.Definition.Name)], null);
        LogApplied(logger, List(reload.Added), List(reload.Removed), List(reload.Changed));
        return Notify(reload);
    }

    private ConfigurationReload Notify(ConfigurationReload reload)
    {
        foreach (var sink in _sinks)
        {
            try
            {
                sink.OnReload(reload);
            }
            catch (Exception exception)
            {
                LogSinkFailed(logger, sink.GetType().Name, exception.Message);
            }
        }

        return reload;
    }

    private static bool SameGroups(GatewayOptions running, GatewayOptions next) =>
        running.Groups.Count == next.Groups.Count
        && running.Groups.All(group => next.Groups.TryGetValue(group.Key, out var members) && members.SequenceEqual(group.Value, StringComparer.OrdinalIgnoreCase));

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "none" : NameList.Brief(names);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Configuration reloaded: added {Added}; removed {Removed}; changed {Changed}")]
    private static partial void LogApplied(ILogger logger, string added, string removed, string changed);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Configuration reload rejected, the running configuration stays: {Error}")]
    private static partial void LogRejected(ILogger logger, string error);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Configuration reloaded: no service or group changed")]
    private static partial void LogUnchanged(ILogger logger);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Reload sink {Sink} failed: {Error}")]
    private static partial void LogSinkFailed(ILogger logger, string sink, string error);
}
