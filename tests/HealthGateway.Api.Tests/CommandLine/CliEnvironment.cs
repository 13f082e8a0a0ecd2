namespace HealthGateway.Api.Tests.CommandLine;

/// <summary>Environment variables that configure a gateway process, the way a container is configured.</summary>
internal sealed class CliEnvironment : Dictionary<string, string>
{
    public CliEnvironment()
        : base(StringComparer.Ordinal)
    {
    }

    /// <summary>Adds a service; <paramref name="fields"/> are pairs such as ("Timeout", "00:00:01").</summary>
    public CliEnvironment Service(string name, string kind, string target, bool critical = false, params (string Field, string Value)[] fields)
    {
        var prefix = $"HealthGateway__Services__{name}__";
        this[prefix + "Kind"] = kind;
        this[prefix + (kind is "postgres" or "redis" ? "ConnectionString" : "Url")] = target;
        this[prefix + "Critical"] = critical ? "true" : "false";
        foreach (var (field, value) in fields)
        {
            this[prefix + field] = value;
        }

        return this;
    }
}
