using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Reliability;

/// <summary>
/// The checks library reads no Api-side key: the API key feature and the backplane contribute their own secrets to
/// the redactor. A description that would carry them (here a URL path holding both) shows them masked.
/// </summary>
public sealed class FeatureSecretsTests
{
    private const string ApiKey = "apikey-Feature-S3cret-1187";
    private const string BackplanePassword = "backplane-Feature-S3cret-5530";

    [Fact]
    public async Task TheApiKeyAndTheBackplanePasswordAreMaskedInDescriptions()
    {
        await using var gateway = await new GatewaySettings()
            .Set("HealthGateway:ApiKey", ApiKey)
            .Set("HealthGateway:Backplane:Redis", $"127.0.0.1:{RefusedPort.Get()},password={BackplanePassword}")
            .Service("leaky", "http", $"http://127.0.0.1:{RefusedPort.Get()}/{ApiKey}/{BackplanePassword}")
            .StartAsync();

        var ready = await gateway.WaitForReadinessAsync(b => b.HasEntries("leaky"));
        var description = ready.EntryDescription("leaky");

        Assert.StartsWith("connection refused (http://127.0.0.1:", description, StringComparison.Ordinal);
        Assert.EndsWith("/***/***)", description, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, description, StringComparison.Ordinal);
        Assert.DoesNotContain(BackplanePassword, description, StringComparison.Ordinal);
    }
}
