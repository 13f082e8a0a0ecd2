using HealthGateway.Api.Logging;

namespace HealthGateway.Api.Tests.Logging;

public sealed class ApiKeyQueryRedactorTests
{
    [Theory]
    [InlineData("?api_key=s3cret", "?api_key=***")]
    [InlineData("?user=a&api_key=s3cret&b=2", "?user=a&api_key=***&b=2")]
    [InlineData("?API_KEY=s3cret", "?API_KEY=***")]
    [InlineData("?%61pi_key=s3cret", "?%61pi_key=***")]
    [InlineData("?api%5Fkey=s3cret&api_key=other", "?api%5Fkey=***&api_key=***")]
    [InlineData("?api_key", "?api_key=***")]
    public void EveryApiKeyValueIsMaskedHoweverTheNameIsWritten(string query, string expected)
    {
        Assert.Equal(expected, ApiKeyQueryRedactor.Redact(query));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?user=alice")]
    [InlineData("?my_api_key=x&api_keys=y")]
    public void AQueryWithoutAnApiKeyIsLeftAlone(string query)
    {
        Assert.Null(ApiKeyQueryRedactor.Redact(query));
    }
}
