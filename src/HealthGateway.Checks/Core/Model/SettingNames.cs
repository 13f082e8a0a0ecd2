using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace HealthGateway.Checks.Core.Model;

/// <summary>
/// The configuration keys a settings class reads, and the message for a key nobody reads: a typo such as
/// <c>Critcal</c> would otherwise be ignored and quietly change what the gate checks.
/// </summary>
public static class SettingNames
{
    /// <summary>The keys every service has (<see cref="ServiceOptions"/>), with their types.</summary>
    public static IReadOnlyDictionary<string, Type> Common { get; } = Of(typeof(ServiceOptions));

    /// <summary>The public settable properties of <paramref name="type"/>, by name (case-insensitive), with their types.</summary>
    public static IReadOnlyDictionary<string, Type> Of([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type) => type
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(property => property.CanWrite)
        .ToDictionary(property => property.Name, property => property.PropertyType, StringComparer.OrdinalIgnoreCase);

    /// <summary>The error text for <paramref name="key"/>, suggesting the nearest of <paramref name="known"/> when it is close.</summary>
    public static string Unknown(string key, IEnumerable<string> known, string knownBy)
    {
        var names = known.ToList();
        var nearest = names
            .Select(name => (Name: name, Distance: Distance(key.ToLowerInvariant(), name.ToLowerInvariant())))
            .OrderBy(candidate => candidate.Distance)
            .FirstOrDefault();

        // Close means a slip of a key or two, never half the word: "Tags" for "Url" would mislead.
        return nearest.Name is not null && nearest.Distance <= Math.Min(3, Math.Max(1, key.Length / 3))
            ? $"unknown setting; did you mean {nearest.Name}?"
            : $"unknown setting; {knownBy} know {string.Join(", ", names)}";
    }

    /// <summary>Levenshtein distance (insertions, deletions, substitutions).</summary>
    internal static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
