using System.Text;
using HealthGateway.Api.Tests.CommandLine;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Kinds;

/// <summary>
/// What a hostile or odd HTTP dependency sends, through one gateway against a real loopback server that writes its
/// answers byte for byte: control characters are shown as escapes, good bodies with a BOM, an unusable charset or
/// deep nesting are read, and a lone surrogate is said in our words, never in .NET's.
/// </summary>
public sealed class HostileBodyTests(HostileBodyTests.Environment environment) : IClassFixture<HostileBodyTests.Environment>
{
    // ESC[2J clears the screen, ESC[31m turns it red, DEL, BEL, NUL, and a C1 CSI (U+009B).
    private const string Hostile = "\u001b[2J\u001b[31mDOWN\u007f\u0007\u0000\u009b";
    private const string HostileEscaped = "\\u001b[2J\\u001b[31mDOWN\\u007f\\u0007\\u0000\\u009b";

    [Fact]
    public void ControlCharactersFromABodyAndAHeaderAreVisibleEscapesInTheDescription()
    {
        var description = environment.Body.EntryDescription("control");

        Assert.Equal($"header X-State was \"\\u001b[31mbad\\u007f\", expected to contain \"good\"; status was \"{HostileEscaped}\", expected \"UP\" "
            + $"({environment.Server.BaseUrl}/control)", description);
        Assert.DoesNotContain(description, ControlCharacter);
    }

    [Fact]
    public void ControlCharactersNeverReachTheLog()
    {
        var logged = string.Join("\n", environment.Gateway.Logs.RenderedLines());

        Assert.Contains("[2J", logged);
        Assert.DoesNotContain('\u001b', logged);
        Assert.DoesNotContain('\u007f', logged);
    }

    [Fact]
    public async Task TheCliCheckPrintsControlCharactersAsEscapes()
    {
        var run = await GatewayProcess.RunAsync(["check"], new CliEnvironment()
            .Service("control", "http", $"{environment.Server.BaseUrl}/control", critical: true,
                ("ExpectJson:status", "UP"), ("ExpectHeaders:X-State", "good"), ("Timeout", "00:00:10")));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.True(run.StandardOutput.Contains(HostileEscaped, StringComparison.Ordinal), run.ToString());
        Assert.DoesNotContain(run.StandardOutput, ControlCharacter);
        Assert.DoesNotContain(run.StandardError, ControlCharacter);
    }

    [Fact]
    public void AUtf8ByteOrderMarkIsSkipped()
    {
        Assert.True(environment.Body.EntryStatus("bom") == "Healthy", environment.Body.EntryDescription("bom"));
        Assert.True(environment.Body.EntryStatus("bomBody") == "Healthy", environment.Body.EntryDescription("bomBody"));
    }

    [Fact]
    public void ADisabledCharsetIsReadAsUtf8AndSaysSo()
    {
        Assert.True(environment.Body.EntryStatus("utf7") == "Healthy", environment.Body.EntryDescription("utf7"));
        Assert.Equal($"status was \"DOWN\", expected \"UP\" (charset \"utf-7\" is not supported; the body was read as UTF-8) "
            + $"({environment.Server.BaseUrl}/utf7/DOWN)", environment.Body.EntryDescription("utf7Down"));
    }

    [Fact]
    public void ALoneSurrogateIsDescribedInOurWords()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("surrogate"));
        Assert.Equal($"status was \"\\ud800\", a string with a lone UTF-16 surrogate (not valid text), expected \"UP\" ({environment.Server.BaseUrl}/surrogate)",
            environment.Body.EntryDescription("surrogate"));
    }

    [Fact]
    public void JsonDeeperThan64LevelsIsReadAndDeeperThanTheLimitIsSaidSo()
    {
        Assert.True(environment.Body.EntryStatus("deep") == "Healthy", environment.Body.EntryDescription("deep"));
        Assert.Equal($"body is JSON nested deeper than 256 levels, more than ExpectJson reads ({environment.Server.BaseUrl}/deep/300)",
            environment.Body.EntryDescription("tooDeep"));
    }

    private static bool ControlCharacter(char c) => c is < ' ' and not '\n' and not '\r' || c is >= '\u007f' and <= '\u009f';

    private static RawHttpResponse Respond(RawHttpRequest request)
    {
        var path = request.Path;
        if (path == "/control")
        {
            return RawHttpResponse.Json("{\"status\":\"" + Escape(Hostile) + "\"}", headers: ("X-State", "\u001b[31mbad\u007f"));
        }

        if (path == "/bom")
        {
            return new RawHttpResponse(200, [("Content-Type", "application/json")], [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"status\":\"UP\"}")]);
        }

        if (path.StartsWith("/utf7/", StringComparison.Ordinal))
        {
            return RawHttpResponse.Json("{\"status\":\"" + path["/utf7/".Length..] + "\"}", "application/json; charset=utf-7");
        }

        if (path == "/surrogate")
        {
            return RawHttpResponse.Json("{\"status\":\"\\ud800\"}");
        }

        if (path.StartsWith("/deep/", StringComparison.Ordinal))
        {
            var depth = int.Parse(path["/deep/".Length..], System.Globalization.CultureInfo.InvariantCulture);
            return RawHttpResponse.Json("{\"status\":\"UP\",\"nested\":" + new string('[', depth) + "1" + new string(']', depth) + "}");
        }

        return new RawHttpResponse(404, [], []);
    }

    private static string Escape(string text) => string.Concat(text.Select(c => c < ' ' || c >= '\u007f' ? $"\\u{(int)c:x4}" : c.ToString()));

    public sealed class Environment : GatewayEnvironment
    {
        public RawHttpServer Server { get; private set; } = null!;

        protected override Task<(GatewaySettings, string[])> ConfigureAsync()
        {
            Server = Own(new RawHttpServer(Respond));
            var url = Server.BaseUrl;
            var settings = new GatewaySettings()
                .Service("control", "http", $"{url}/control", fields: [("ExpectJson:status", "UP"), ("ExpectHeaders:X-State", "good"), ("Retries", "0"), ("Timeout", "00:00:10")])
                .Service("bom", "http", $"{url}/bom", fields: [("ExpectJson:status", "UP"), ("Timeout", "00:00:10")])
                .Service("bomBody", "http", $"{url}/bom", fields: [("ExpectBody", "^\\{\"status\""), ("Timeout", "00:00:10")])
                .Service("utf7", "http", $"{url}/utf7/UP", fields: [("ExpectJson:status", "UP"), ("Timeout", "00:00:10")])
                .Service("utf7Down", "http", $"{url}/utf7/DOWN", fields: [("ExpectJson:status", "UP"), ("Retries", "0"), ("Timeout", "00:00:10")])
                .Service("surrogate", "http", $"{url}/surrogate", fields: [("ExpectJson:status", "UP"), ("Retries", "0"), ("Timeout", "00:00:10")])
                .Service("deep", "http", $"{url}/deep/100", fields: [("ExpectJson:status", "UP"), ("Timeout", "00:00:10")])
                .Service("tooDeep", "http", $"{url}/deep/300", fields: [("ExpectJson:status", "UP"), ("Retries", "0"), ("Timeout", "00:00:10")]);
            return Task.FromResult((settings, new[] { "control", "bom", "bomBody", "utf7", "utf7Down", "surrogate", "deep", "tooDeep" }));
        }
    }
}
