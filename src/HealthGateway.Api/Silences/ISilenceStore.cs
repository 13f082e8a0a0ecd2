namespace HealthGateway.Api.Silences;

/// <summary>
/// Where silences live: in this process (<see cref="InMemorySilenceStore"/>), or in Redis when the backplane is
/// configured (<see cref="RedisSilenceStore"/>), shared by every replica and kept across restarts. Each change is
/// also handed to <see cref="ActiveSilences"/>.
/// </summary>
public interface ISilenceStore
{
    /// <summary>Stores <paramref name="silence"/>.</summary>
    /// <exception cref="SilenceStoreUnavailableException">The store cannot be reached.</exception>
    Task AddAsync(Silence silence, CancellationToken cancellationToken);

    /// <summary>Ends the silence <paramref name="id"/>; false when there is no such (active) silence.</summary>
    /// <exception cref="SilenceStoreUnavailableException">The store cannot be reached.</exception>
    Task<bool> RemoveAsync(string id, CancellationToken cancellationToken);

    /// <summary>The silences that have not ended yet, soonest ending first.</summary>
    /// <exception cref="SilenceStoreUnavailableException">The store cannot be reached.</exception>
    Task<IReadOnlyList<Silence>> ListAsync(CancellationToken cancellationToken);
}
