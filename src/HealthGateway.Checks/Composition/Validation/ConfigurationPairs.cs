using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;

namespace HealthGateway.Checks.Composition.Validation;

/// <summary>
/// Every key/value pair under a section, read in one pass. <c>section.AsEnumerable()</c> asks each provider for the
/// children of every node it visits, and a provider answers that by scanning all its keys: quadratic in the number
/// of services. Here each provider's keys are read once and merged, a later provider overriding an earlier one as
/// the configuration root does.
/// </summary>
internal static class ConfigurationPairs
{
    /// <summary>The pairs at <paramref name="path"/> and below it in <paramref name="configuration"/>, with their full keys.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Under(IConfiguration configuration, string path)
    {
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (configuration is not IConfigurationRoot root || !TryMerge(root, merged))
        {
            // A provider that keeps its keys elsewhere: the general (slower) walk, which every provider answers.
            return configuration.GetSection(path).AsEnumerable();
        }

        return merged.Where(pair => pair.Key.StartsWith(path, StringComparison.OrdinalIgnoreCase)
                                    && (pair.Key.Length == path.Length || pair.Key[path.Length] == ':'));
    }

    private static bool TryMerge(IConfigurationRoot root, Dictionary<string, string?> merged)
    {
        foreach (var provider in root.Providers)
        {
            switch (provider)
            {
                // Every framework provider (JSON and other files, environment, command line, memory) keeps its keys in Data.
                case ConfigurationProvider own:
                    foreach (var (key, value) in Data(own))
                    {
                        merged[key] = value;
                    }

                    break;
                case ChainedConfigurationProvider { Configuration: IConfigurationRoot chained }:
                    if (!TryMerge(chained, merged))
                    {
                        return false;
                    }

                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    // Data is protected; this reads it without reflection, so the native build can see (and keep) what it touches.
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_Data")]
    private static extern IDictionary<string, string?> Data(ConfigurationProvider provider);
}
