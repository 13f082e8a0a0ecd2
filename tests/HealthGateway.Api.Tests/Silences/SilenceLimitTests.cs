using System.Net;
using System.Text;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Silences;

/// <summary>What a hostile or careless caller of <c>/silences</c> meets: the write API off without a key, caps, durations, plain words.</summary>
public sealed class SilenceLimitTests
{
    [Fact]
    public async Task WithoutAnApiKeyTheSilenceWriteApiIsOffAndCannotOpenTheGate()
    {
        await using var gateway = await new GatewaySettings()
            .Service("db", "tcp", $"127.0.0.1:{RefusedPort.Get()}", critical: true)
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntry("db"));

        var (created, problem) = await gateway.CreateSilenceAsync(new { services = new[] { "db" }, duration = "01:00:00", reason = "let me in", gate = false }, apiKey: null);
        var (deleted, deleteProblem) = await gateway.DeleteSilenceAsync("0123456789abcdef", apiKey: null);

        Assert.Equal(403, created);
        Assert.Equal(403, deleted);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("silence API is off", detail, StringComparison.Ordinal);
        Assert.Contains("set HealthGateway:ApiKey to turn it on", detail, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', detail);
        Assert.Equal(detail, deleteProblem.GetProperty("detail").GetString());
        Assert.Empty(await gateway.ListSilencesAsync());
        Assert.Equal(503, (await gateway.GetJsonAsync("/health/ready")).Status);
    }

    [Fact]
    public async Task AChunkedBodyOverTheCapIs413()
    {
        await using var gateway = await new GatewaySettings().Set("HealthGateway:ApiKey", SilenceClient.Key)
            .Service("api", "tcp", $"127.0.0.1:{RefusedPort.Get()}")
            .StartAsync();
        // Valid JSON with a 2 MB reason: read whole, it is a 400 about the reason; capped, a 413 before parsing.
        var json = Encoding.UTF8.GetBytes("{\"services\":[\"api\"],\"duration\":\"30m\",\"reason\":\"" + new string('x', 2 * 1024 * 1024) + "\"}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/silences") { Content = new StreamContent(new UnknownLengthStream(json)) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Api-Key", SilenceClient.Key);
        Assert.Null(request.Content.Headers.ContentLength);

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than 64 KiB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await gateway.ListSilencesAsync());
    }

    [Theory]
    [InlineData("""[1, 2]""")]
    [InlineData("""{"services": "api", "duration": "30m", "reason": "x"}""")]
    [InlineData("""{"services": ["api"], "duration": 30, "reason": "x"}""")]
    [InlineData("""{"services": ["api"], "duration": "30m", "reason": "x", "gate": "no"}""")]
    public async Task ABodyOfTheWrongShapeIsDescribedWithoutDotNetTypeNames(string body)
    {
        await using var gateway = await new GatewaySettings().Set("HealthGateway:ApiKey", SilenceClient.Key)
            .Service("api", "tcp", $"127.0.0.1:{RefusedPort.Get()}")
            .StartAsync();

        var (status, problem) = await gateway.PostSilenceRawAsync(body);

        Assert.Equal(400, status);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("not a JSON silence: a value has the wrong type", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("HealthGateway.", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("24:00:00", 24 * 60)]
    [InlineData("1.00:00:00", 24 * 60)]
    [InlineData("00:30:00", 30)]
    [InlineData("90m", 90)]
    [InlineData("2h", 120)]
    [InlineData("1d", 24 * 60)]
    [InlineData("45s", 0.75)]
    public async Task ADurationIsReadTheWayAPersonWritesIt(string duration, double minutes)
    {
        await using var gateway = await new GatewaySettings().Set("HealthGateway:ApiKey", SilenceClient.Key)
            .Service("api", "tcp", $"127.0.0.1:{RefusedPort.Get()}")
            .StartAsync();

        var before = DateTimeOffset.UtcNow;
        var (status, created) = await gateway.CreateSilenceAsync(new { services = new[] { "api" }, duration, reason = "maintenance" });

        Assert.True(status == 201, created.ToString());
        Assert.InRange(created.GetProperty("until").GetDateTimeOffset(), before.AddMinutes(minutes), DateTimeOffset.UtcNow.AddMinutes(minutes));
    }

    [Fact]
    public async Task SilencesBeyondTheCapAre429UntilOneEnds()
    {
        await using var gateway = await new GatewaySettings().Set("HealthGateway:ApiKey", SilenceClient.Key)
            .Set("HealthGateway:Silences:MaxActive", "3")
            .Service("api", "tcp", $"127.0.0.1:{RefusedPort.Get()}")
            .StartAsync();
        var body = new { services = new[] { "api" }, duration = "10m", reason = "maintenance" };
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (status, created) = await gateway.CreateSilenceAsync(body);
            Assert.Equal(201, status);
            ids.Add(created.GetProperty("id").GetString()!);
        }

        var (over, problem) = await gateway.CreateSilenceAsync(body);
        Assert.Equal(429, over);
        Assert.Contains("HealthGateway:Silences:MaxActive", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, (await gateway.ListSilencesAsync()).Count);

        Assert.Equal(204, (await gateway.DeleteSilenceAsync(ids[0])).Status);
        Assert.Equal(201, (await gateway.CreateSilenceAsync(body)).Status);
    }

    /// <summary>A stream that cannot say its length, so HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] content) : Stream
    {
        private readonly MemoryStream _inner = new(content);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 16 * 1024));

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
