using System.Diagnostics;
using Grpc.Health.V1;
using Grpc.Net.Client;
using HealthGateway.Checks.Kinds.Grpc;
using HealthGateway.Checks.Kinds.Tls;
using HealthGateway.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using HealthClient = Grpc.Health.V1.Health.HealthClient;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace HealthGateway.Api.Tests.Kinds.Grpc;

/// <summary>The grpc check class against real Kestrel gRPC health servers whose status the test switches.</summary>
public sealed class GrpcHealthCheckTests
{
    [Fact]
    public async Task TheFixtureAnswersAGrpcClientWithTheStatusTheTestSet()
    {
        await using var server = await GrpcHealthServer.StartAsync();
        server.SetStatus("orders", ServingStatus.NotServing);
        using var channel = GrpcChannel.ForAddress(server.Url);
        var client = new HealthClient(channel);
        Assert.Equal(ServingStatus.Serving, (await client.CheckAsync(new HealthCheckRequest())).Status);
        Assert.Equal(ServingStatus.NotServing, (await client.CheckAsync(new HealthCheckRequest { Service = "orders" })).Status);
    }

    [Fact]
    public async Task AServingServerIsHealthy()
    {
        await using var server = await GrpcHealthServer.StartAsync();
        var result = await RunAsync(server.Url);
        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.StartsWith("SERVING in ", result.Description);
    }

    [Fact]
    public async Task NotServingAndUnknownAreUnhealthyWithThatWord()
    {
        await using var server = await GrpcHealthServer.StartAsync();
        server.SetStatus("orders", ServingStatus.NotServing);
        server.SetStatus("billing", ServingStatus.Unknown);
        var notServing = await RunAsync(server.Url, "orders");
        var unknown = await RunAsync(server.Url, "billing");
        Assert.Equal(HealthStatus.Unhealthy, notServing.Status);
        Assert.Equal($"service 'orders' is NOT_SERVING (127.0.0.1:{server.Port})", notServing.Description);
        Assert.Equal(HealthStatus.Unhealthy, unknown.Status);
        Assert.Equal($"service 'billing' is UNKNOWN (127.0.0.1:{server.Port})", unknown.Description);
    }

    [Fact]
    public async Task AStatusSwitchedBackToServingIsHealthyAgain()
    {
        await using var server = await GrpcHealthServer.StartAsync();
        server.SetStatus("orders", ServingStatus.NotServing);
        using var check = CreateCheck(server.Url, "orders");
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(CheckContexts.For(check))).Status);
        server.SetStatus("orders", ServingStatus.Serving);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(CheckContexts.For(check))).Status);
    }

    [Fact]
    public async Task AServiceTheServerDoesNotKnowIsNotFound()
    {
        await using var server = await GrpcHealthServer.StartAsync();
        var result = await RunAsync(server.Url, "nobody");
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("NOT_FOUND: the health service does not know service 'nobody'", result.Description);
    }

    [Fact]
    public async Task AServerWithoutTheHealthServiceIsUnimplemented()
    {
        await using var server = await GrpcHealthServer.StartWithoutHealthServiceAsync();
        var result = await RunAsync(server.Url);
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("UNIMPLEMENTED: the server has no gRPC health service", result.Description);
    }

    [Fact]
    public async Task ARefusedPortIsReportedAsRefused()
    {
        var result = await RunAsync($"http://127.0.0.1:{RefusedPort.Get()}");
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("connection refused (127.0.0.1:", result.Description);
    }

    [Fact]
    public async Task ABlackholedServerCostsTheTimeout()
    {
        await using var blackhole = BlackholeServer.Start();
        var stopwatch = Stopwatch.StartNew();
        var result = await RunAsync($"http://127.0.0.1:{blackhole.Port}", timeout: TimeSpan.FromSeconds(1));
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("timed out after 1 s", result.Description);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task OverTlsAPrivateCaCertificateIsTrustedAndShownInTheData()
    {
        using var certificates = TestCertificates.Create();
        await using var server = await GrpcHealthServer.StartAsync(certificates.Valid);
        var inspector = new CertificateInspector(new CertificateOptions { CaCertificate = certificates.CaCertificatePemPath }, TimeProvider.System);
        var result = await RunAsync(server.Url, certificates: inspector);
        Assert.Equal(HealthStatus.Healthy, result.Status);
        var certificate = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object>>(result.Data["certificate"]);
        Assert.Equal("CN=127.0.0.1", certificate["subject"]);
        Assert.Equal(29, certificate["daysLeft"]);
    }

    [Fact]
    public async Task OverTlsAnUntrustedCertificateIsUnhealthyAndSaysWhy()
    {
        using var certificates = TestCertificates.Create();
        await using var server = await GrpcHealthServer.StartAsync(certificates.SelfSigned);
        var inspector = new CertificateInspector(new CertificateOptions { CaCertificate = certificates.CaCertificatePemPath }, TimeProvider.System);
        var result = await RunAsync(server.Url, certificates: inspector);
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("certificate not trusted: self-signed", result.Description);
    }

    private static GrpcHealthCheck CreateCheck(string url, string service = "", TimeSpan? timeout = null, CertificateInspector? certificates = null)
    {
        var uri = new Uri(url);
        return new GrpcHealthCheck(new GrpcHealthCheckOptions
        {
            Url = uri,
            GrpcService = service,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            Certificates = certificates,
            Target = $"{uri.Host}:{uri.Port}",
        }, TimeProvider.System);
    }

    private static async Task<HealthCheckResult> RunAsync(string url, string service = "", TimeSpan? timeout = null, CertificateInspector? certificates = null)
    {
        using var check = CreateCheck(url, service, timeout, certificates);
        return await check.CheckHealthAsync(CheckContexts.For(check));
    }
}
