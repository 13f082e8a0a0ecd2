using HealthGateway.Checks.Core.Assertions;

namespace HealthGateway.Checks.Tests.Core.Assertions;

/// <summary>Pure logic of the shared assertion pieces: quoting, the query judgement and JSON paths.</summary>
public sealed class AssertionTextTests
{
    [Fact]
    public void ALongValueIsCutWithAnEllipsisAndLineBreaksFlattened()
    {
        var quoted = AssertionText.Quote(new string('x', 500) + "\nsecret-tail");

        Assert.Equal("\"" + new string('x', AssertionText.MaxShownLength) + "…\"", quoted);
        Assert.Equal("\"a b\"", AssertionText.Quote("a\nb"));
        Assert.Equal("NULL", AssertionText.Quote(null));
    }

    [Fact]
    public void TheQueryJudgementComparesTheFirstValueAsText()
    {
        Assert.Null(QueryExpectation.Judge(1L, "1"));
        Assert.Null(QueryExpectation.Judge(true, "true"));
        Assert.Null(QueryExpectation.Judge("anything", null));
        Assert.Equal("query returned \"0\", expected \"1\"", QueryExpectation.Judge(0L, "1"));
        Assert.Equal("query returned NULL, expected \"1\"", QueryExpectation.Judge(DBNull.Value, "1"));
        Assert.Equal("query returned \"1.5\", expected \"2\"", QueryExpectation.Judge(1.5m, "2"));
    }

    [Fact]
    public void AJsonPathFindsNestedPropertiesAndArrayItems()
    {
        using var document = System.Text.Json.JsonDocument.Parse("""{"a":{"b":[10,{"c":"x"}]},"n":1.50,"z":null}""");
        var root = document.RootElement;

        Assert.Equal("x", JsonPath.TextOf(JsonPath.TryParse("a.b[1].c")!.Find(root)!.Value));
        Assert.Equal("10", JsonPath.TextOf(JsonPath.TryParse("a.b[0]")!.Find(root)!.Value));
        Assert.Equal("1.50", JsonPath.TextOf(JsonPath.TryParse("n")!.Find(root)!.Value));
        Assert.Equal("null", JsonPath.TextOf(JsonPath.TryParse("z")!.Find(root)!.Value));
        Assert.Null(JsonPath.TryParse("a.b[2]")!.Find(root));
        Assert.Null(JsonPath.TryParse("a.missing")!.Find(root));
        Assert.Null(JsonPath.TryParse("a..b"));
        Assert.Null(JsonPath.TryParse("a."));
    }
}
