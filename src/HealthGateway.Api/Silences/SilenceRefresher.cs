namespace HealthGateway.Api.Silences;

/// <summary>
/// With silences in Redis, reads them every <see cref="Interval"/> so a silence made or ended on another replica
/// reaches this one's readiness and webhooks within a second or so. Keeps the last list while Redis is away.
/// </summary>
public sealed partial class SilenceRefresher(ISilenceStore store, TimeProvider time, ILogger<SilenceRefresher> logger) : BackgroundService
{
    /// <summary>How often the shared list is read.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private bool _failing;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                await RefreshAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task RefreshAsync(CancellationToken stoppingToken)
    {
        try
        {
            await store.ListAsync(stoppingToken);
            _failing = false;
        }
        catch (SilenceStoreUnavailableException exception)
        {
            if (!_failing)
            {
                LogUnavailable(logger, exception.Message);
            }

            _failing = true;
        }
    }

    [LoggerMessage(EventId = 4001, EventName = "SilencesUnavailable", Level = LogLevel.Warning,
        Message = "Cannot read the shared silences, the last ones read stay in force: {Error}")]
    private static partial void LogUnavailable(ILogger logger, string error);
}
