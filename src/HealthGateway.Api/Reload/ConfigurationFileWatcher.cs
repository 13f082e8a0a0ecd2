using System.Text.Json;
using HealthGateway.Checks.Composition.Reload;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Core.Secrets;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Reload;

/// <summary>
/// Polls the settings files every <see cref="GatewayOptions.ConfigReloadInterval"/> (on the injected clock) and, when
/// one changed, reloads the configuration and hands it to the <see cref="ServiceCatalogReloader"/>. A file that is
/// missing or not JSON is rejected before the configuration is touched, so nothing reads half a file. Settings that
/// only apply at start (listen addresses, the backplane, …) are named in a warning when they change. A reload that
/// fails unexpectedly (a file the provider cannot read, a change listener or a check that throws) is rejected like an
/// invalid one, and retried on the next poll, since the new signatures are only recorded once a reload got through.
/// </summary>
public sealed partial class ConfigurationFileWatcher(
    WatchedConfigurationFiles watched,
    IConfiguration configuration,
    ServiceCatalogReloader reloader,
    SecretRedactor redactor,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<ConfigurationFileWatcher> logger) : BackgroundService
{
    private static readonly JsonDocumentOptions s_json = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    // The same failure, on the same files, retried every poll, is reported again only this often.
    private static readonly TimeSpan s_repeatedFailureReport = TimeSpan.FromMinutes(1);
    private string? _lastFailure;
    private long _lastFailureReported;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (watched.Files.Count == 0 || configuration is not IConfigurationRoot root)
        {
            return;
        }

        var signatures = watched.Files.Select(file => FileSignature.Read(file.Path).Signature).ToArray();
        var problems = new string?[signatures.Length];
        var startOnly = RestartRequiredSettings.Snapshot(configuration);
        using var timer = new PeriodicTimer(options.Value.ConfigReloadInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    startOnly = Poll(root, signatures, problems, startOnly);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A bug here must not stop the gateway (a failed background service stops the host), nor end
                    // reloading: the next poll tries again.
                    LogPollFailed(logger, exception.GetType().Name, redactor.Redact(exception.Message));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private IReadOnlyDictionary<string, string?> Poll(IConfigurationRoot root, FileSignature[] signatures, string?[] problems,
        IReadOnlyDictionary<string, string?> startOnly)
    {
        var changed = false;
        var reload = new List<string>();
        var next = (FileSignature[])signatures.Clone();
        for (var i = 0; i < signatures.Length; i++)
        {
            var (path, optional) = watched.Files[i];
            var (signature, content, refused) = FileSignature.Read(path, signatures[i]);
            if (signature == signatures[i])
            {
                continue;
            }

            next[i] = signature;
            changed = true;
            reload.Add(path);

            // Kept until the file is fixed: a valid change to another file must not reload this one half-read.
            problems[i] = refused is not null ? $"{path}: {refused}" : Problem(path, optional, content);
        }

        if (!changed)
        {
            return startOnly;
        }

        if (problems.FirstOrDefault(p => p is not null) is { } problem)
        {
            // Rejected for what the files say: tried again when they change, not before.
            next.CopyTo(signatures, 0);
            reloader.Reject(problem);
            return startOnly;
        }

        ConfigurationReload outcome;
        try
        {
            // Only the files that changed: reloading the root would re-read every provider and drop what was set
            // on the configuration in code. A provider's Load raises the configuration's change token itself.
            foreach (var provider in root.Providers.OfType<FileConfigurationProvider>().Where(p => reload.Contains(PathOf(p) ?? "", StringComparer.Ordinal)))
            {
                Load(provider);
            }

            outcome = reloader.Reload();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Changed again between the look and the read, unreadable to the provider, a change listener or a new
            // check that threw: nothing was applied. The signatures stay as they were, so the next poll tries again.
            // The provider's message names the file, not its content; a listener's might say anything.
            RejectUnexpected(next, redactor.Redact(exception.Message.Split('\n')[0].Trim()));
            return startOnly;
        }

        next.CopyTo(signatures, 0);
        _lastFailure = null;
        if (outcome.Outcome == ConfigurationReloadOutcome.Rejected)
        {
            return startOnly;
        }

        var now = RestartRequiredSettings.Snapshot(configuration);
        if (RestartRequiredSettings.Changed(startOnly, now) is { Count: > 0 } keys)
        {
            LogNeedsRestart(logger, string.Join(", ", keys));
        }

        return now;
    }

    /// <summary>Rejects a failed reload; the same failure on the same files is reported at most once a minute.</summary>
    private void RejectUnexpected(FileSignature[] next, string error)
    {
        var failure = string.Join("|", next.AsEnumerable()) + "|" + error;
        if (failure == _lastFailure && time.GetElapsedTime(_lastFailureReported) < s_repeatedFailureReport)
        {
            return;
        }

        _lastFailure = failure;
        _lastFailureReported = time.GetTimestamp();
        reloader.Reject(error);
    }

    private static void Load(FileConfigurationProvider provider)
    {
        try
        {
            provider.Load();
        }
        catch (AggregateException exception) when (exception.Flatten().InnerExceptions.All(inner => inner is OptionsValidationException))
        {
            // The values are loaded; what threw is an options monitor re-validating them from the change token.
            // The reloader validates the services itself and says what is wrong, once.
        }
    }

    private static string? PathOf(FileConfigurationProvider provider) =>
        provider.Source is { FileProvider: PhysicalFileProvider files, Path: { } relative } ? Path.Combine(files.Root, relative) : null;

    private static string? Problem(string path, bool optional, byte[]? content)
    {
        if (content is null)
        {
            return optional ? null : $"{path}: the file is missing or cannot be read";
        }

        try
        {
            using var document = JsonDocument.Parse(content, s_json);
            return document.RootElement.ValueKind == JsonValueKind.Object ? null : $"{path}: the top level is not a JSON object";
        }
        catch (JsonException exception)
        {
            // Where, never what: the text around the error may be a password.
            return $"{path}: not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1})";
        }
    }

    [LoggerMessage(EventId = 1111, Level = LogLevel.Error, Message = "Reloading the configuration failed unexpectedly: {ErrorType}: {Error}")]
    private static partial void LogPollFailed(ILogger logger, string errorType, string error);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Warning, Message = "Configuration changed but needs a restart to apply: {Keys}")]
    private static partial void LogNeedsRestart(ILogger logger, string keys);
}
