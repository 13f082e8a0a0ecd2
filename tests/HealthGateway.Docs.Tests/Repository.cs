namespace HealthGateway.Docs.Tests;

/// <summary>The repository the tests run in, found by walking up from the test assembly to HealthGateway.sln.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>The documents whose links must resolve: README, CONTRIBUTING, CHANGELOG and every page under docs/.</summary>
    public static IReadOnlyList<string> Documents() =>
    [
        .. new[] { "README.md", "CONTRIBUTING.md", "CHANGELOG.md" }.Where(name => File.Exists(PathOf(name))).Select(PathOf),
        .. Directory.EnumerateFiles(PathOf("docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal),
    ];

    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/');

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HealthGateway.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"HealthGateway.sln not found above {AppContext.BaseDirectory}");
    }
}
