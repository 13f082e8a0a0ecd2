using System.Diagnostics;
using System.Globalization;
using Xunit;

namespace HealthGateway.Testing;

/// <summary>
/// Waits for something the system under test reaches asynchronously (a socket cleaned up, a webhook delivered,
/// a line logged), checking every few milliseconds, and fails with what was awaited and the last value seen.
/// The limit is a hang guard, not a timing assertion: generous by default, so a loaded machine does not fail it.
/// </summary>
public static class Eventually
{
    /// <summary>The default limit: far above anything a passing test needs.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    /// <param name="condition">Checked at once and then every few milliseconds.</param>
    /// <param name="because">What is awaited, in words that complete "timed out waiting until …".</param>
    /// <param name="timeout">The hang guard; <see cref="DefaultTimeout"/> when null.</param>
    public static Task TrueAsync(Func<bool> condition, string because, TimeSpan? timeout = null) =>
        ReturnsAsync(() => Task.FromResult(condition()), holds => holds, because, timeout);

    /// <summary>Waits until the asynchronous <paramref name="condition"/> holds.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null) =>
        ReturnsAsync(condition, holds => holds, because, timeout);

    /// <summary>Waits until <paramref name="probe"/> returns a value <paramref name="accept"/> takes, and returns it.</summary>
    public static Task<T> ReturnsAsync<T>(Func<T> probe, Func<T, bool> accept, string because, TimeSpan? timeout = null) =>
        ReturnsAsync(() => Task.FromResult(probe()), accept, because, timeout);

    /// <summary>
    /// Waits until the asynchronous <paramref name="probe"/> returns a value <paramref name="accept"/> takes, and
    /// returns it. An exception from the probe counts as "not yet" (a server still starting refuses) and is the
    /// last value reported if the wait runs out.
    /// </summary>
    public static Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> accept, string because, TimeSpan? timeout = null) =>
        WaitAsync(probe, accept, static _ => true, because, timeout ?? DefaultTimeout, Interval, detail: null, CancellationToken.None);

    /// <summary>
    /// The same wait for a fixture bringing up a server: only the exceptions <paramref name="notYet"/> takes mean
    /// "not yet" (any other, such as "the process exited", ends the wait at once), <paramref name="attempt"/> runs
    /// every <paramref name="interval"/>, and a wait that runs out also says <paramref name="detail"/> (the
    /// server's output, say).
    /// </summary>
    public static Task UntilAsync(Func<Task<bool>> attempt, Func<Exception, bool> notYet, string because, TimeSpan timeout,
        TimeSpan interval, Func<string>? detail = null, CancellationToken cancellationToken = default) =>
        WaitAsync(attempt, static done => done, notYet, because, timeout, interval, detail, cancellationToken);

    private static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> accept, Func<Exception, bool> notYet, string because,
        TimeSpan limit, TimeSpan interval, Func<string>? detail, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        string lastSeen = "nothing (never checked)";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var value = await probe();
                if (accept(value))
                {
                    return value;
                }

                lastSeen = Show(value);
            }
            catch (Exception exception) when (exception is not (OutOfMemoryException or Xunit.Sdk.XunitException)
                && !cancellationToken.IsCancellationRequested && notYet(exception))
            {
                lastSeen = $"{exception.GetType().Name}: {exception.Message}";
            }

            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"Timed out after {limit.TotalSeconds:0.###} s waiting until {because}; last seen: {lastSeen}{detail?.Invoke()}"));
            }

            await Task.Delay(interval, cancellationToken);
        }
    }

    private static string Show<T>(T value) => value switch
    {
        null => "null",
        string text => $"'{(text.Length > 2000 ? text[^2000..] : text)}'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
    };
}
