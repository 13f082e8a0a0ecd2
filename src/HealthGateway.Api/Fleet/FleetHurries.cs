using System.Text.Json;
using HealthGateway.Api.Backplane;
using HealthGateway.Checks.Pipeline.Snapshots;
using StackExchange.Redis;

namespace HealthGateway.Api.Fleet;

/// <summary>
/// <c>?wait=</c> and <c>?fresh=true</c> across replicas. A waiter on a replica that does not own a service asks its
/// owner to hurry it (one message when the first waiter arrives, renewed every beat while any waits); the owner then
/// checks it every WaitPollInterval for one member timeout. Waiters still answer from their own store, as soon as
/// the owner's result arrives there. Messages are fire-and-forget: a slow Redis holds up no request.
/// </summary>
internal sealed class FleetHurries(FleetState state, FleetKeys keys, BackplaneConnection connection, FleetTimings timings,
    IServiceProvider services, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _wanted = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (IDisposable Hold, long Until)> _held = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lazy<HealthPoller> _poller = new(services.GetRequiredService<HealthPoller>);

    /// <summary>Asks the owners of the <paramref name="names"/> other replicas own to hurry them while the handle lives.</summary>
    public IDisposable? Hurry(IReadOnlyCollection<string> names)
    {
        var view = state.View;
        var elsewhere = names.Where(name => !view.IsMine(name)).ToArray();
        if (elsewhere.Length == 0)
        {
            return null;
        }

        var first = new List<string>();
        lock (_gate)
        {
            foreach (var name in elsewhere)
            {
                _wanted[name] = _wanted.GetValueOrDefault(name) + 1;
                if (_wanted[name] == 1)
                {
                    first.Add(name);
                }
            }
        }

        if (first.Count > 0)
        {
            Send(FleetMessage.Hurry, [.. first]);
        }

        return new Handle(this, elsewhere);
    }

    /// <summary>Asks the owner of <paramref name="name"/> to check it now.</summary>
    public void AskToCheck(string name) => Send(FleetMessage.Check, [name]);

    /// <summary>Another replica asks for a check now: the services this one owns are refreshed (sharing a run in flight).</summary>
    public void CheckNow(FleetMessage message)
    {
        var view = state.View;
        if (message.Replica != view.Replica && message.Services?.Where(name => view.IsFleet && view.IsMine(name)).ToList() is { Count: > 0 } owned)
        {
            _ = _poller.Value.RefreshAsync(owned, CancellationToken.None);
        }
    }

    /// <summary>Another replica's waiters: the services this one owns are hurried for one member timeout (renewed by the next message).</summary>
    public void HoldFor(FleetMessage message)
    {
        var view = state.View;
        if (message.Replica == view.Replica || message.Services is null)
        {
            return;
        }

        var until = time.GetTimestamp() + (long)(timings.MemberTimeout.TotalSeconds * time.TimestampFrequency);
        foreach (var name in message.Services.Where(name => view.IsFleet && view.IsMine(name)))
        {
            lock (_gate)
            {
                _held[name] = _held.TryGetValue(name, out var held) ? (held.Hold, until) : (_poller.Value.Hurry([name]), until);
            }
        }
    }

    /// <summary>Every beat: renews this replica's requests and lets go of the holds whose lease ran out.</summary>
    public void Beat(FleetView view)
    {
        string[] wanted;
        var expired = new List<IDisposable>();
        var now = time.GetTimestamp();
        lock (_gate)
        {
            wanted = [.. _wanted.Keys.Where(name => !view.IsMine(name))];
            foreach (var (name, held) in _held.Where(pair => pair.Value.Until < now || !view.IsMine(pair.Key)).ToList())
            {
                _held.Remove(name);
                expired.Add(held.Hold);
            }
        }

        foreach (var hold in expired)
        {
            hold.Dispose();
        }

        if (wanted.Length > 0)
        {
            Send(FleetMessage.Hurry, wanted);
        }
    }

    private void Send(string type, string[] names)
    {
        if (connection.Multiplexer is not { IsConnected: true } redis)
        {
            return;
        }

        var json = JsonSerializer.Serialize(new FleetMessage(type, state.View.Replica) { Services = names }, FleetJsonContext.Default.FleetMessage);
        try
        {
            redis.GetSubscriber().Publish(keys.Channel, json, CommandFlags.FireAndForget);
        }
        catch (RedisException)
        {
            // Gone meanwhile: the waiter's own store still answers, from the next scheduled result.
        }
    }

    private void Release(string[] names)
    {
        lock (_gate)
        {
            foreach (var name in names)
            {
                if (_wanted.TryGetValue(name, out var count) && count > 1)
                {
                    _wanted[name] = count - 1;
                }
                else
                {
                    _wanted.Remove(name);
                }
            }
        }
    }

    private sealed class Handle(FleetHurries owner, string[] names) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(names);
            }
        }
    }
}
