using System.Collections.Concurrent;
using HealthGateway.Checks.Core.Failures;
using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Core.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polly;
using Polly.Retry;

namespace HealthGateway.Checks.Pipeline.Running;

/// <summary>
/// Runs one service's health check under its own budget: retries (Polly) inside the budget, a hard deadline
/// that holds even when a check ignores cancellation, the DegradedAfter threshold, and a description with no
/// secrets. It never throws for a failing dependency and never logs: the snapshot store decides what is worth
/// a log line.
/// </summary>
/// <param name="services">Where checks are resolved, a scope per run.</param>
/// <param name="redactor">Masks secrets in every description.</param>
/// <param name="time">The clock for budgets and durations.</param>
/// <param name="kinds">The kinds, for describing failures and for whether a kind retries itself; the built-in ones when null.</param>
public sealed class ServiceCheckRunner(IServiceProvider services, SecretRedactor redactor, TimeProvider time, ServiceKindCatalog? kinds = null)
{
    private readonly ServiceKindCatalog _kinds = kinds ?? ServiceKindCatalog.BuiltIn;

    // Keyed by the retry settings, not the service: a pipeline holds no state of a run, so every service with the same
    // retries and delay shares one (a pipeline per service cost about 0.5 KB each), and a reload that changes a
    // service's retries, delay or kind finds the pipeline of its new settings. Few distinct settings exist.
    private readonly ConcurrentDictionary<(int Retries, TimeSpan Delay), ResiliencePipeline<HealthCheckResult>> _pipelines = [];

    /// <summary>Runs <paramref name="registration"/> for <paramref name="definition"/> once.</summary>
    /// <param name="cancellationToken">Cancelled when the gateway stops; a timeout is not a cancellation.</param>
    public async Task<ServiceCheckResult> RunAsync(ServiceDefinition definition, HealthCheckRegistration registration, CancellationToken cancellationToken)
    {
        using var activity = CheckActivities.Start(definition);
        var result = await RunOnceAsync(definition, registration, cancellationToken);
        CheckActivities.Complete(activity, result);
        return result;
    }

    private async Task<ServiceCheckResult> RunOnceAsync(ServiceDefinition definition, HealthCheckRegistration registration, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var deadline = new CancellationTokenSource(definition.Timeout, time);
        var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        HealthCheckResult result;
        Task<HealthCheckResult>? checkTask = null;
        try
        {
            checkTask = ExecuteAsync(definition, registration, budget.Token);

            // A check that ignores its token (some client libraries do while connecting) is abandoned at the
            // deadline rather than awaited: a dependency costs its timeout, never more. Only that is described as
            // our timeout; a client's own timeout exception (thrown by a completed check) keeps its own words.
            result = await checkTask.WaitAsync(definition.Timeout, time, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (deadline.IsCancellationRequested || exception is TimeoutException && checkTask is { IsCompleted: false })
        {
            return Finish(HealthStatus.Unhealthy, $"timed out after {Durations.Format(definition.Timeout)} ({definition.Target})", null);
        }
        catch (CheckPendingException pending)
        {
            return Finish(HealthStatus.Unhealthy, $"pending: {pending.Message}", null) with { Pending = true };
        }
        catch (Exception exception)
        {
            return Finish(HealthStatus.Unhealthy, FailureDescriber.Describe(exception, definition.Target, _kinds), null);
        }
        finally
        {
            if (checkTask is { IsCompleted: false })
            {
                // Abandoned: the deadline timer and the wait's timer share a due time, so the check's token may
                // not have fired yet. Cancel it now so a check that honours its token lets go of its socket, but
                // do not wait for the cancellation callbacks: Npgsql's opens a connection to send a cancel request,
                // and against a frozen server whose accept queue is full that connect hung for its own timeout,
                // so a 3 s check answered after 9 s while its recorded duration said 3.6 s. The sources are
                // disposed once both the callbacks and the check are done; whatever the check throws is observed.
                var cancelled = budget.CancelAsync();
                _ = Task.WhenAll(cancelled, checkTask).ContinueWith(task =>
                {
                    _ = task.Exception;
                    budget.Dispose();
                    deadline.Dispose();
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            else
            {
                budget.Dispose();
                deadline.Dispose();
            }
        }

        var elapsed = time.GetElapsedTime(started);
        if (result.Status != HealthStatus.Healthy)
        {
            var problem = result.Exception is { } exception
                ? FailureDescriber.Describe(exception, definition.Target, _kinds)
                : result.Description ?? $"{result.Status.ToString().ToLowerInvariant()} ({definition.Target})";
            return Finish(result.Status, problem, result.Data);
        }

        var description = result.Description ?? $"up in {Durations.Millis(elapsed)} ({definition.Target})";
        if (definition.DegradedAfter is { } threshold && elapsed > threshold)
        {
            return Finish(HealthStatus.Degraded, $"slow: {description}, over the {Durations.Format(threshold)} threshold", result.Data);
        }

        return Finish(HealthStatus.Healthy, description, result.Data);

        ServiceCheckResult Finish(HealthStatus status, string text, IReadOnlyDictionary<string, object>? data) =>
            new(status, time.GetElapsedTime(started), redactor.Redact(text), time.GetUtcNow(), data is { Count: > 0 } ? data : ServiceCheckResult.NoData);
    }

    private async Task<HealthCheckResult> ExecuteAsync(ServiceDefinition definition, HealthCheckRegistration registration, CancellationToken budget)
    {
        // A scope per run, as the framework's own health check service does, so scoped dependencies work.
        await using var scope = services.CreateAsyncScope();
        var check = registration.Factory(scope.ServiceProvider);
        var context = new HealthCheckContext { Registration = registration };
        var pipeline = Pipeline(definition);
        return await pipeline.ExecuteAsync(
            static async (state, token) => await state.check.CheckHealthAsync(state.context, token),
            (check, context),
            budget);
    }

    private ResiliencePipeline<HealthCheckResult> Pipeline(ServiceDefinition definition)
    {
        // A kind that retries inside itself (http: the HttpClient's resilience handler) is not retried here as
        // well: that would multiply its retries.
        if (definition.Retries == 0 || _kinds.Find(definition.Kind)?.RetriesItself == true)
        {
            return ResiliencePipeline<HealthCheckResult>.Empty;
        }

        return _pipelines.GetOrAdd((definition.Retries, definition.RetryDelay), BuildPipeline);
    }

    private ResiliencePipeline<HealthCheckResult> BuildPipeline((int Retries, TimeSpan Delay) settings) =>
        new ResiliencePipelineBuilder<HealthCheckResult> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HealthCheckResult>
            {
                MaxRetryAttempts = settings.Retries,
                Delay = settings.Delay,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is { } exception
                        ? exception is not (OperationCanceledException or CheckPendingException)
                        : args.Outcome.Result.Status == HealthStatus.Unhealthy),
            })
            .Build();
}
