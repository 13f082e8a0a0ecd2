using System.Text.RegularExpressions;

namespace HealthGateway.Docs.Tests;

/// <summary>docs/ARCHITECTURE.md names every source folder, so the map of who owns what cannot drift from the tree.</summary>
public sealed partial class ArchitectureDocTests
{
    [Fact]
    public void EveryFolderUnderTheApiAndTheChecksLibraryIsNamedInArchitectureMd()
    {
        var document = Repository.Read("docs/ARCHITECTURE.md");

        var missing = SourceFolders().Where(folder => !Names(document, folder)).ToList();

        Assert.True(missing.Count == 0, "Folders not named in docs/ARCHITECTURE.md (add them to \"Who owns what\"):\n"
            + string.Join('\n', missing));
    }

    [Fact]
    public void AFolderCountsAsNamedOnlyAsAFolder()
    {
        Assert.True(Names("| `src/HealthGateway.Checks/Kinds/Tls/` | …", "src/HealthGateway.Checks/Kinds/Tls"));
        Assert.True(Names("its `DependencyInjection/` subfolder", "src/HealthGateway.Checks/Kinds/Grpc/DependencyInjection"));
        Assert.False(Names("the TLS settings (Tls) and TlsSettings/", "src/HealthGateway.Checks/Kinds/Tls"));
    }

    [Fact]
    public void TheSourceFoldersAreFound() =>
        Assert.Contains("src/HealthGateway.Checks/Kinds/Grpc", SourceFolders());

    private static List<string> SourceFolders() =>
        new[] { "src/HealthGateway.Api", "src/HealthGateway.Checks" }
            .SelectMany(project => Directory.EnumerateDirectories(Repository.PathOf(project), "*", SearchOption.AllDirectories))
            .Select(Repository.Relative)
            .Where(folder => !BuildOutput().IsMatch(folder))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// A folder is named as <c>Name/</c> after a backtick, a slash or a space (<c>`AgentEvents/`</c>,
    /// <c>src/HealthGateway.Api/AgentEvents/</c>); a nested one by its own name the same way.
    /// </summary>
    private static bool Names(string document, string folder)
    {
        var name = folder[(folder.LastIndexOf('/') + 1)..];
        return Regex.IsMatch(document, $@"(?<=[`/ ]){Regex.Escape(name)}/");
    }

    [GeneratedRegex(@"/(bin|obj)(/|$)")]
    private static partial Regex BuildOutput();
}
