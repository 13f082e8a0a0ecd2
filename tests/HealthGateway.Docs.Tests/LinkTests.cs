namespace HealthGateway.Docs.Tests;

/// <summary>A reader who follows a link lands somewhere: every relative link and anchor in the documents resolves.</summary>
public sealed class LinkTests
{
    [Fact]
    public void EveryRelativeLinkInTheDocumentsResolvesToAFileAndItsAnchor()
    {
        var broken = Repository.Documents().SelectMany(BrokenLinks).ToList();

        Assert.True(broken.Count == 0, "Broken links:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void TheLinkCheckFindsAMissingFileAndAMissingAnchor()
    {
        // The check itself must be able to fail: a document with one bad file link and one bad anchor.
        var document = Path.Combine(Repository.Root, "docs", "links-check.md");
        var broken = BrokenLinks(document, "# Title\n\n[ok](#title) [file](no-such-page.md) [anchor](#no-such-heading) `[code](x.md)`\n").ToList();

        Assert.True(broken.Count == 2, string.Join('\n', broken));
        Assert.Contains(broken, line => line.Contains("no-such-page.md", StringComparison.Ordinal));
        Assert.Contains(broken, line => line.Contains("#no-such-heading", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Metrics (`GET /metrics`)", "metrics-get-metrics")]
    [InlineData("Per service (`HealthGateway:Services:<name>:*`)", "per-service-healthgatewayservicesname")]
    [InlineData("Native (AOT) build next to the JIT build (issue 15)", "native-aot-build-next-to-the-jit-build-issue-15")]
    [InlineData("Subsets and groups: readiness for the services a job needs", "subsets-and-groups-readiness-for-the-services-a-job-needs")]
    public void AnchorsAreTheOnesGitHubGives(string heading, string anchor) => Assert.Equal(anchor, Markdown.Slug(heading));

    private static IEnumerable<string> BrokenLinks(string document) => BrokenLinks(document, File.ReadAllText(document));

    private static IEnumerable<string> BrokenLinks(string document, string text)
    {
        foreach (var target in Markdown.LinkTargets(text))
        {
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var path = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var resolved = path.Length == 0
                ? document
                : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(document)!, Uri.UnescapeDataString(path)));
            var where = $"{Repository.Relative(document)}: {target}";
            if (resolved != document && !File.Exists(resolved) && !Directory.Exists(resolved))
            {
                yield return $"{where} (no such file)";
            }
            else if (anchor is not null && (resolved == document || File.Exists(resolved)))
            {
                var anchors = resolved == document ? Markdown.Anchors(text) : Markdown.Anchors(File.ReadAllText(resolved));
                if (!anchors.Contains(anchor))
                {
                    yield return $"{where} (no heading with that anchor)";
                }
            }
        }
    }
}
