namespace HealthGateway.Api.Silences;

/// <summary>
/// One silence, as stored and as <c>GET /silences</c> lists it: the services it names and those carrying one of its
/// tags are silenced from <see cref="CreatedAt"/> until <see cref="Until"/>.
/// </summary>
/// <param name="Id">Opaque id, for <c>DELETE /silences/{id}</c>.</param>
/// <param name="Services">Service names, as configured.</param>
/// <param name="Tags">Tags; every service carrying one is covered, matched when asked (so a service added later is too).</param>
/// <param name="Reason">Why, in the words of whoever created it.</param>
/// <param name="Gate">True: the services still gate readiness. False: they are out of the readiness decision while it lasts.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Until">When it ends by itself.</param>
public sealed record Silence(
    string Id,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Tags,
    string Reason,
    bool Gate,
    DateTimeOffset CreatedAt,
    DateTimeOffset Until)
{
    /// <summary>Whether this silence covers a service named <paramref name="service"/> with <paramref name="tags"/>.</summary>
    public bool Covers(string service, IReadOnlyList<string> tags) =>
        Services.Contains(service, StringComparer.OrdinalIgnoreCase) || Tags.Any(tag => tags.Contains(tag, StringComparer.OrdinalIgnoreCase));
}
