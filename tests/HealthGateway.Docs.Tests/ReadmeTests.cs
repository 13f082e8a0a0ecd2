namespace HealthGateway.Docs.Tests;

/// <summary>The README stays one screen that starts a newcomer, and sends every other question to a page.</summary>
public sealed class ReadmeTests
{
    private static readonly string Readme = Repository.Read("README.md");

    [Fact]
    public void TheReadmeIsAtMost250Lines() =>
        Assert.True(Readme.Split('\n').Length <= 250, $"README.md has {Readme.Split('\n').Length} lines; move the detail into docs/");

    [Theory]
    [InlineData("dotnet run --project src/HealthGateway.Api")]
    [InlineData("bash .ci/run")]
    public void TheReadmeGivesTheTwoSetUpCommands(string command) => Assert.Contains(command, Readme, StringComparison.Ordinal);

    [Fact]
    public void TheReadmeLinksEveryKindPage()
    {
        var pages = Directory.EnumerateFiles(Repository.PathOf("docs/kinds"), "*.md").Select(Repository.Relative).ToList();

        Assert.NotEmpty(pages);
        Assert.All(pages, page => Assert.Contains($"]({page})", Readme, StringComparison.Ordinal));
    }

    [Fact]
    public void EveryBuiltInKindHasItsPage()
    {
        var missing = HealthGateway.Checks.Composition.BuiltInKinds.Create()
            .Where(kind => !File.Exists(Repository.PathOf($"docs/kinds/{kind.Name}.md")))
            .Select(kind => kind.Name)
            .ToList();

        Assert.True(missing.Count == 0, "Kinds without a page in docs/kinds/: " + string.Join(", ", missing));
    }
}
