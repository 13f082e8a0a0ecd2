using System.Text;
using System.Text.Json;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Kinds;

/// <summary>
/// A backend that echoes parts of what the gateway sent it, in its body and a header, against a real loopback
/// server: the token of an Authorization value, each query-string value of the configured URL and a configured
/// header value inside a longer text are masked wherever a description quotes them.
/// </summary>
public sealed class EchoedSecretTests(EchoedSecretTests.Environment environment) : IClassFixture<EchoedSecretTests.Environment>
{
    private const string BearerToken = "tok-abcdef123456";
    private const string BasicPassword = "pass-word-99";
    private const string Signature = "sig-value-987654";
    private const string EscapedCode = "a%2Fb%2Bc%3D%3Dxyz";
    private const string ApiKey = "key-123456";
    private static readonly string BasicCredentials = Convert.ToBase64String(Encoding.UTF8.GetBytes("user:" + BasicPassword));

    [Theory]
    [InlineData(BearerToken)]
    [InlineData(BasicPassword)]
    [InlineData(Signature)]
    [InlineData(EscapedCode)]
    [InlineData("a/b+c==xyz")]
    [InlineData(ApiKey)]
    public void NoEchoedSecretIsInTheReadinessBody(string secret)
    {
        Assert.DoesNotContain(secret, environment.Body.ToString());
        Assert.DoesNotContain(BasicCredentials, environment.Body.ToString());
    }

    [Fact]
    public void TheTokenOfABearerValueIsMaskedAloneAndWhole()
    {
        Assert.Equal($"header X-Echo-Authorization was \"***\", expected to contain \"nope\"; authorization was \"***\", expected \"x\"; "
            + $"token was \"***\", expected \"x\" ({environment.Server.BaseUrl}/echo)", environment.Body.EntryDescription("bearer"));
    }

    [Fact]
    public void TheCredentialsOfABasicValueAndItsDecodedPasswordAreMasked()
    {
        Assert.Equal($"authorization was \"***\", expected \"x\"; password was \"***\", expected \"x\" ({environment.Server.BaseUrl}/echo)",
            environment.Body.EntryDescription("basic"));
    }

    [Fact]
    public void EachQueryStringValueIsMaskedAsWrittenAndUnescaped()
    {
        Assert.Equal($"first was \"***\", expected \"x\"; query was \"sig=***&v=1&code=***\", expected \"x\"; unescaped was \"***\", expected \"x\" "
            + $"({environment.Server.BaseUrl}/echo)", environment.Body.EntryDescription("query"));
    }

    [Fact]
    public void AConfiguredSecretInsideALongerEchoIsMasked()
    {
        Assert.Equal($"key was \"prefix-***-suffix\", expected \"x\" ({environment.Server.BaseUrl}/echo)", environment.Body.EntryDescription("apikey"));
    }

    // Echoes the Authorization value (in a header and the body), its token alone, a Basic value's password, the raw
    // query, its first value, and its "code" value unescaped, and X-Api-Key inside a longer text.
    private static RawHttpResponse Echo(RawHttpRequest request)
    {
        var authorization = request.Header("Authorization");
        var token = authorization.Contains(' ', StringComparison.Ordinal) ? authorization[(authorization.IndexOf(' ', StringComparison.Ordinal) + 1)..] : "";
        var password = authorization.StartsWith("Basic ", StringComparison.Ordinal)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split(':', 2)[1]
            : "";
        var pairs = request.Query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=', 2)).ToArray();
        var body = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["authorization"] = authorization,
            ["token"] = token,
            ["password"] = password,
            ["query"] = request.Query,
            ["first"] = pairs.Length > 0 ? pairs[0][1] : "",
            ["unescaped"] = pairs.FirstOrDefault(pair => pair[0] == "code") is { } code ? Uri.UnescapeDataString(code[1]) : "",
            ["key"] = "prefix-" + request.Header("X-Api-Key") + "-suffix",
        });
        return RawHttpResponse.Json(body, headers: ("X-Echo-Authorization", authorization));
    }

    public sealed class Environment : GatewayEnvironment
    {
        public RawHttpServer Server { get; private set; } = null!;

        protected override Task<(GatewaySettings, string[])> ConfigureAsync()
        {
            Server = Own(new RawHttpServer(Echo));
            var echo = $"{Server.BaseUrl}/echo";
            var settings = new GatewaySettings()
                .Service("bearer", "http", echo, fields: [("Headers:Authorization", "Bearer " + BearerToken), ("ExpectHeaders:X-Echo-Authorization", "nope"),
                    ("ExpectJson:authorization", "x"), ("ExpectJson:token", "x"), ("Retries", "0"), ("Timeout", "00:00:10")])
                .Service("basic", "http", echo, fields: [("Headers:Authorization", "Basic " + BasicCredentials),
                    ("ExpectJson:authorization", "x"), ("ExpectJson:password", "x"), ("Retries", "0"), ("Timeout", "00:00:10")])
                .Service("query", "http", $"{echo}?sig={Signature}&v=1&code={EscapedCode}", fields: [("ExpectJson:query", "x"), ("ExpectJson:first", "x"),
                    ("ExpectJson:unescaped", "x"), ("Retries", "0"), ("Timeout", "00:00:10")])
                .Service("apikey", "http", echo, fields: [("Headers:X-Api-Key", ApiKey), ("ExpectJson:key", "x"), ("Retries", "0"), ("Timeout", "00:00:10")]);
            return Task.FromResult((settings, new[] { "bearer", "basic", "query", "apikey" }));
        }
    }
}
