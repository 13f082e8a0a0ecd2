namespace HealthGateway.Checks.Composition.Reload;

/// <summary>What a configuration reload did; the value of the <c>result</c> tag of the reload counter.</summary>
public enum ConfigurationReloadOutcome
{
    /// <summary>The new configuration is running: services were added, removed or changed, or groups changed.</summary>
    Applied,

    /// <summary>The new configuration did not validate (or the file did not parse); the running one stays.</summary>
    Rejected,

    /// <summary>The files changed but the services and groups did not (or only settings that need a restart did).</summary>
    Unchanged,
}
