using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace HealthGateway.Api.Tests.Telemetry;

public sealed class OtlpExportTests
{
    private const string Password = "OtlpSecretPassw0rd";

    [Fact]
    public async Task AnOtlpReceiverGetsMetricsAndSpansNamingTheServicesAndNoSecret()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var target = await TargetServer.StartAsync();
        await using var gateway = await new GatewaySettings()
            .Service("otlp_api", "http", $"{target.BaseUrl}/ok", critical: true)
            .Service("otlp_db", "postgres", $"Host=127.0.0.1;Port={RefusedPort.Get()};Username=postgres;Password={Password}")
            .Set("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.BaseUrl)
            .Set("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .Set("OTEL_SERVICE_NAME", "otlp-test-gateway")
            .Set("OTEL_METRIC_EXPORT_INTERVAL", "300")
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntries("otlp_api", "otlp_db"));

        var metrics = await receiver.WaitForPayloadAsync("/v1/metrics",
            "otlp-test-gateway", "healthgateway.service.status", "healthgateway.check.duration", "healthgateway.checks", "otlp_api", "otlp_db");
        Assert.Contains("healthgateway.ready", metrics, StringComparison.Ordinal);
        await receiver.WaitForPayloadAsync("/v1/metrics", "otlp-test-gateway", "dotnet.gc.collections");

        var traces = await receiver.WaitForPayloadAsync("/v1/traces", "otlp-test-gateway", "check otlp_db", "healthgateway.service", "otlp_db", "postgres", "Unhealthy");
        Assert.Contains("healthgateway.target", traces, StringComparison.Ordinal);
        await receiver.WaitForPayloadAsync("/v1/traces", "check otlp_api", "Healthy", "http");

        Assert.All(receiver.Received, r => Assert.Equal("application/x-protobuf", r.ContentType));
        Assert.All(receiver.Payloads("/v1/metrics").Concat(receiver.Payloads("/v1/traces")),
            payload => Assert.DoesNotContain(Password, payload, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WebhookAndTargetSpansCarryOnlySchemeHostAndPort()
    {
        // A gateway process of its own: in this process the receivers' own request spans would be exported with it.
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var hooks = await Alerts.WebhookReceiver.StartAsync();
        var refused = RefusedPort.Get();
        await using var gateway = CommandLine.GatewayProcess.Start([], new CommandLine.CliEnvironment
        {
            ["Urls"] = $"http://127.0.0.1:{FreePort.Get()}",
            ["HealthGateway__Notifications__HealthCheckEnabled"] = "false",
            ["HealthGateway__Webhooks__0__Url"] = $"{hooks.BaseUrl}/services/T0/HookPath_15?sig=HookSig_16",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.BaseUrl,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "otlp-url-gateway",
        }.Service("otlp_down", "http", $"http://127.0.0.1:{refused}/targets/TargetPath_77?token=TargetQuery_88", critical: true));

        // Down at start: one webhook, and a check span per poll; both went out through HttpClient.
        var posted = await Record.ExceptionAsync(() => hooks.WaitForAcceptedAsync(1, TimeSpan.FromSeconds(60)));
        Assert.True(posted is null, $"{posted?.Message}\n{gateway.Output}");
        var hookOrigin = hooks.BaseUrl.TrimEnd('/');
        await receiver.WaitForPayloadAsync("/v1/traces", "otlp-url-gateway", "url.full", hookOrigin);
        await receiver.WaitForPayloadAsync("/v1/traces", "otlp-url-gateway", "check otlp_down", "healthgateway.target", $"http://127.0.0.1:{refused}");

        Assert.All(receiver.Payloads("/v1/traces"), payload =>
        {
            foreach (var secret in (string[])["HookPath_15", "HookSig_16", "/services/T0", "TargetPath_77", "TargetQuery_88"])
            {
                Assert.DoesNotContain(secret, payload, StringComparison.Ordinal);
            }
        });
    }

    [Fact]
    public async Task WithoutAnEndpointNothingIsExported()
    {
        await using var gateway = await new GatewaySettings()
            .Service("quiet", "tcp", $"127.0.0.1:{RefusedPort.Get()}")
            .Set("OTEL_SERVICE_NAME", "not-exported")
            .StartAsync();

        Assert.Null(gateway.Services.GetService<MeterProvider>());
        Assert.Null(gateway.Services.GetService<TracerProvider>());
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "udp", "OTEL_EXPORTER_OTLP_PROTOCOL: 'udp' is not supported; expected grpc or http/protobuf")]
    [InlineData("OTEL_METRIC_EXPORT_INTERVAL", "soon", "OTEL_METRIC_EXPORT_INTERVAL: 'soon' is not a positive whole number of milliseconds")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317", "OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317' is not an http:// or https:// URL")]
    public async Task ABadOpenTelemetryVariableStopsTheGatewayNamingIt(string key, string value, string expected)
    {
        var settings = new GatewaySettings()
            .Service("quiet", "tcp", $"127.0.0.1:{RefusedPort.Get()}")
            .Set("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")
            .Set(key, value);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => settings.StartAsync());
        Assert.Equal(expected, Assert.Single(error.Failures));
    }
}
