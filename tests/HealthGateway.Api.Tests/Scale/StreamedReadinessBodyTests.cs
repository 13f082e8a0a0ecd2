using System.Text.Json;
using HealthGateway.Api.Health;
using HealthGateway.Api.Silences;
using HealthGateway.Checks.Composition.Reload;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Readiness;
using HealthGateway.Checks.Pipeline.Running;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Api.Tests.Scale;

/// <summary>The readiness body written entry by entry is the body the serializer wrote from the whole response.</summary>
public sealed class StreamedReadinessBodyTests
{
    [Fact]
    public void TheStreamedReadinessBodyIsTheSerializedResponseByteForByte()
    {
        var at = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        ServiceDefinition Definition(string name, bool critical) =>
            new(name, "http", critical, TimeSpan.FromSeconds(2), null, ["http", "edge \"quoted\""], $"http://127.0.0.1:1/{name}", 1, 1, 0, TimeSpan.Zero);
        var definitions = new[] { Definition("api", true), Definition("db", true), Definition("cache", false), Definition("späť", false) };
        var results = new Dictionary<string, ServiceCheckResult>
        {
            ["api"] = new(HealthStatus.Unhealthy, TimeSpan.FromMilliseconds(12), "down because <db> is", at, new Dictionary<string, object> { ["statusCode"] = 503 }),
            ["db"] = new(HealthStatus.Unhealthy, TimeSpan.FromMilliseconds(3), "connection refused (127.0.0.1:1)", at.AddSeconds(1), ServiceCheckResult.NoData),
            ["späť"] = new(HealthStatus.Degraded, TimeSpan.FromMilliseconds(900), "slow", at, ServiceCheckResult.NoData),
        };
        var graph = new DependencyGraph(new Dictionary<string, IReadOnlyList<string>> { ["api"] = ["db"] });
        var snapshot = ReadinessPolicy.Evaluate(false, definitions, results, 7, at, graph);
        var silence = new ServiceSilence("s1", at.AddHours(1), "maintenance", Gate: false);
        Func<string, ServiceSilence?> silenceOf = name => name == "späť" ? silence : null;
        var config = new ConfigurationLoadStatus(at, "HealthGateway:Services:x: bad");

        foreach (var (of, loaded) in new[] { (silenceOf, config), (null, null) })
        {
            var expected = JsonSerializer.SerializeToUtf8Bytes(HealthJson.ToResponse(snapshot, of, loaded), HealthJson.Readiness);
            var streamed = HealthJson.ReadinessBody(snapshot, of, loaded);
            Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(streamed));
        }
    }
}
