using System.Diagnostics.CodeAnalysis;
using Polly;
using Polly.Retry;

namespace HealthGateway.Api.Backplane;

/// <summary>
/// The backplane's retry-forever pipelines (creating the Redis client, subscribing): the backplane is never given up
/// on while the host runs. Backoff from <see cref="FirstDelay"/> doubling up to <see cref="MaxDelay"/>, so a Redis
/// that comes back is used within two seconds, and one that stays away costs two attempts a second at most.
/// </summary>
internal static class BackplaneRetry
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Retries while <paramref name="retry"/> says so (never on cancellation); <paramref name="onRetry"/> sees each
    /// failed attempt, numbered from 0. <typeparamref name="T"/> carries Polly's own trimming annotation (its options
    /// are validated with data annotations, which reflect over the result type).
    /// </summary>
    public static ResiliencePipeline<T> Forever<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(TimeProvider timeProvider, Func<Outcome<T>, bool> retry, Action<int, Outcome<T>>? onRetry = null) =>
        new ResiliencePipelineBuilder<T> { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions<T>
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = FirstDelay,
                MaxDelay = MaxDelay,
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not OperationCanceledException && retry(args.Outcome)),
                OnRetry = args =>
                {
                    onRetry?.Invoke(args.AttemptNumber, args.Outcome);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
}
