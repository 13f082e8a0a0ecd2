namespace HealthGateway.Checks.Composition.Reload;

/// <summary>
/// Hears about every configuration reload after it took effect (metrics count them and forget the series of removed
/// services). Called on the reloader's path: return at once and never throw.
/// </summary>
public interface IConfigurationReloadSink
{
    /// <summary>A reload finished.</summary>
    void OnReload(ConfigurationReload reload);
}
