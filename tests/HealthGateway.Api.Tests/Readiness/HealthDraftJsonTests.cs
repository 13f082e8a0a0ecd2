using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Readiness;

/// <summary>
/// <c>Accept: application/health+json</c> on /health/ready and a group: the IETF draft's format, checked against the
/// draft's schema for pass, warn and fail; without it, the default body is unchanged.
/// </summary>
public sealed class HealthDraftJsonTests : IAsyncLifetime
{
    private readonly TcpListener _up = new(System.Net.IPAddress.Loopback, 0);

    private string Up => $"127.0.0.1:{((System.Net.IPEndPoint)_up.LocalEndpoint).Port}";

    public Task InitializeAsync()
    {
        _up.Start();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _up.Stop();
        _up.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AllHealthyIsPass()
    {
        await using var gateway = await new GatewaySettings().Service("api", "tcp", Up, critical: true).StartAsync();
        var (status, type, body) = await GetDraftAsync(gateway, "/health/ready", "api");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/health+json", type);
        AssertMatchesDraftSchema(body);
        Assert.Equal("pass", body.GetProperty("status").GetString());
        var check = body.GetProperty("checks").GetProperty("api:responseTime")[0];
        Assert.Equal("pass", check.GetProperty("status").GetString());
        Assert.Equal("system", check.GetProperty("componentType").GetString());
        Assert.Equal("ms", check.GetProperty("observedUnit").GetString());
        Assert.False(check.TryGetProperty("output", out _));
    }

    [Fact]
    public async Task ANonCriticalServiceDownIsWarnWithItsOutput()
    {
        await using var gateway = await new GatewaySettings()
            .Service("api", "tcp", Up, critical: true)
            .Service("cache", "tcp", $"127.0.0.1:{RefusedPort.Get()}")
            .StartAsync();
        var (status, _, body) = await GetDraftAsync(gateway, "/health/ready", "api", "cache");
        Assert.Equal(HttpStatusCode.OK, status);
        AssertMatchesDraftSchema(body);
        Assert.Equal("warn", body.GetProperty("status").GetString());
        var check = body.GetProperty("checks").GetProperty("cache:responseTime")[0];
        Assert.Equal("fail", check.GetProperty("status").GetString());
        Assert.StartsWith("connection refused (127.0.0.1:", check.GetProperty("output").GetString());
    }

    [Fact]
    public async Task ACriticalServiceDownIsFailAnd503OnTheGroupToo()
    {
        await using var gateway = await new GatewaySettings()
            .Service("api", "tcp", $"127.0.0.1:{RefusedPort.Get()}", critical: true)
            .Set("HealthGateway:Groups:backend:0", "api")
            .StartAsync();
        foreach (var path in new[] { "/health/ready", "/health/ready/backend" })
        {
            var (status, type, body) = await GetDraftAsync(gateway, path, "api");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("application/health+json", type);
            AssertMatchesDraftSchema(body);
            Assert.Equal("fail", body.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task WithoutTheAcceptHeaderTheDefaultBodyIsUnchanged()
    {
        await using var gateway = await new GatewaySettings().Service("api", "tcp", Up, critical: true).StartAsync();
        var body = await gateway.WaitForReadinessAsync(b => b.HasEntry("api"));
        using var response = await gateway.Client.GetAsync("/health/ready");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("entries").TryGetProperty("api", out _));
        Assert.False(body.TryGetProperty("checks", out _));
    }

    private static async Task<(HttpStatusCode Status, string? Type, JsonElement Body)> GetDraftAsync(GatewayHost gateway, string path, params string[] services)
    {
        await gateway.WaitForReadinessAsync(b => b.HasEntries(services));
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/health+json"));
        using var response = await gateway.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, JsonDocument.Parse(text).RootElement.Clone());
    }

    // The draft's schema (draft-inadarei-api-health-check, section 3 and 4), written out: required status from the
    // three values; checks an object of arrays of check objects whose fields have the draft's types.
    private static void AssertMatchesDraftSchema(JsonElement body)
    {
        Assert.Equal(JsonValueKind.Object, body.ValueKind);
        Assert.Contains(body.GetProperty("status").GetString(), new[] { "pass", "warn", "fail" });
        if (body.TryGetProperty("description", out var description))
        {
            Assert.Equal(JsonValueKind.String, description.ValueKind);
        }

        if (body.TryGetProperty("notes", out var notes))
        {
            Assert.All(notes.EnumerateArray(), note => Assert.Equal(JsonValueKind.String, note.ValueKind));
        }

        var checks = body.GetProperty("checks");
        Assert.Equal(JsonValueKind.Object, checks.ValueKind);
        foreach (var property in checks.EnumerateObject())
        {
            Assert.Matches("^[^:]+:[^:]+$", property.Name);
            Assert.Equal(JsonValueKind.Array, property.Value.ValueKind);
            foreach (var check in property.Value.EnumerateArray())
            {
                Assert.Equal(JsonValueKind.String, check.GetProperty("componentId").ValueKind);
                Assert.Contains(check.GetProperty("componentType").GetString(), new[] { "component", "datastore", "system" });
                Assert.Equal(JsonValueKind.Number, check.GetProperty("observedValue").ValueKind);
                Assert.Equal(JsonValueKind.String, check.GetProperty("observedUnit").ValueKind);
                Assert.Contains(check.GetProperty("status").GetString(), new[] { "pass", "warn", "fail" });
                Assert.True(DateTimeOffset.TryParse(check.GetProperty("time").GetString(), System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.None, out _));
                if (check.TryGetProperty("output", out var output))
                {
                    Assert.Equal(JsonValueKind.String, output.ValueKind);
                    Assert.NotEqual("pass", check.GetProperty("status").GetString());
                }
            }
        }
    }
}
