namespace HealthGateway.Checks.Core.Text;

/// <summary>
/// Names said in one message ("known services: …"): up to ten, then how many more, so that a message about ten
/// thousand services stays one readable line instead of a quarter of a megabyte.
/// </summary>
public static class NameList
{
    /// <summary>The most names a message spells out.</summary>
    public const int Shown = 10;

    /// <summary>Up to <see cref="Shown"/> of <paramref name="names"/>, comma-separated, then "and N more".</summary>
    public static string Brief(IEnumerable<string> names)
    {
        var all = names.ToList();
        return all.Count <= Shown ? string.Join(", ", all) : $"{string.Join(", ", all.Take(Shown))} and {all.Count - Shown} more";
    }
}
