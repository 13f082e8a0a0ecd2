using System.Collections.Concurrent;
using HealthGateway.Checks.Core.Secrets;

namespace HealthGateway.Checks.Core.KindContract;

/// <summary>
/// What the gateway shares with every check a kind creates (<see cref="IServiceKind.Create"/>): the clock, the
/// redactor and the state some kinds keep for the whole gateway. One instance serves every service, so a service
/// costs its check and nothing more.
/// </summary>
/// <param name="time">The clock checks measure and wait with.</param>
/// <param name="redactor">Masks secrets in response text a check quotes; null masks nothing.</param>
/// <param name="shared">State kept for the whole gateway (the push kind's heartbeat board), by the type checks ask for.</param>
public sealed class CheckServices(TimeProvider time, SecretRedactor? redactor = null, IEnumerable<ISharedCheckState>? shared = null)
{
    private readonly ISharedCheckState[] _shared = [.. shared ?? []];
    private readonly ConcurrentDictionary<object, object> _reused = [];

    /// <summary>The clock.</summary>
    public TimeProvider Time => time;

    /// <summary>The gateway's redactor, or null.</summary>
    public SecretRedactor? Redactor => redactor;

    /// <summary>The shared state registered as <typeparamref name="T"/>, or null when the gateway has none.</summary>
    public T? Shared<T>()
        where T : class =>
        _shared.FirstOrDefault(state => state.ServiceType == typeof(T)) as T;

    /// <summary>
    /// One <typeparamref name="T"/> per <paramref name="key"/> for every check: for stateless parts that many services
    /// would otherwise each build alike (a retry pipeline of the same settings). The key must say everything the
    /// value depends on, and the set of keys must stay small (settings, not services).
    /// </summary>
    public T Reuse<TKey, T>(TKey key, Func<TKey, T> create)
        where TKey : notnull
        where T : class =>
        (T)_reused.GetOrAdd(key, static (k, create) => create((TKey)k), create);
}
