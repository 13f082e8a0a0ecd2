namespace HealthGateway.Api.Silences;

/// <summary>Silences of this process only, without the backplane: another replica does not see them and a restart forgets them.</summary>
public sealed class InMemorySilenceStore(ActiveSilences active) : ISilenceStore
{
    private readonly Lock _gate = new();
    private readonly List<Silence> _silences = [];

    /// <inheritdoc />
    public Task AddAsync(Silence silence, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _silences.Add(silence);
            Publish();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var removed = _silences.RemoveAll(silence => silence.Id == id && silence.Until > active.Now) > 0;
            Publish();
            return Task.FromResult(removed);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Silence>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Publish();
            return Task.FromResult<IReadOnlyList<Silence>>([.. _silences]);
        }
    }

    private void Publish()
    {
        // Ended silences are forgotten here; ActiveSilences ignores them by itself in between.
        var now = active.Now;
        _silences.RemoveAll(silence => silence.Until <= now);
        _silences.Sort(static (a, b) => a.Until.CompareTo(b.Until));
        active.Replace([.. _silences]);
    }
}
