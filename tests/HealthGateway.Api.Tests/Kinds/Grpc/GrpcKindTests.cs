using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;
using Microsoft.Extensions.Options;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace HealthGateway.Api.Tests.Kinds.Grpc;

/// <summary>The <c>grpc</c> kind through a real gateway against real Kestrel gRPC health servers (h2c).</summary>
public sealed class GrpcKindTests(GrpcKindTests.Environment environment) : IClassFixture<GrpcKindTests.Environment>
{
    [Fact]
    public void AServingServerIsHealthy()
    {
        Assert.Equal("Healthy", environment.Body.EntryStatus("ok"));
        Assert.StartsWith("SERVING in ", environment.Body.EntryDescription("ok"));
    }

    [Fact]
    public void ANotServingServiceIsUnhealthySayingNotServing()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("notServing"));
        Assert.Equal($"service 'billing' is NOT_SERVING (127.0.0.1:{environment.Server.Port})", environment.Body.EntryDescription("notServing"));
    }

    [Fact]
    public void AnUnknownServiceIsNotFound()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("unknownService"));
        Assert.StartsWith("NOT_FOUND: the health service does not know service 'nope'", environment.Body.EntryDescription("unknownService"));
    }

    [Fact]
    public void AServerWithoutTheHealthServiceIsUnimplemented()
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus("unimplemented"));
        Assert.StartsWith("UNIMPLEMENTED", environment.Body.EntryDescription("unimplemented"));
    }

    [Fact]
    public void ARefusedPortIsReportedAsRefused() =>
        Assert.StartsWith("connection refused (127.0.0.1:", environment.Body.EntryDescription("refused"));

    [Fact]
    public void ABlackholedServerCostsTheTimeout()
    {
        Assert.StartsWith("timed out after 1 s", environment.Body.EntryDescription("blackhole"));
        Assert.True(environment.Body.EntryDuration("blackhole") < TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task AUrlWithAPasswordNeverShowsIt()
    {
        var shown = await SecretLeaks.EverythingShownAsync(environment.Gateway, "withUserInfo");
        Assert.DoesNotContain("Grpc-url-pw7", shown);
    }

    [Fact]
    public async Task ANonHttpUrlStopsStartUpNamingServiceAndField()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => new GatewaySettings()
            .Service("rpc", "grpc", "grpc://127.0.0.1:5000").StartAsync());
        Assert.Contains("HealthGateway:Services:rpc:Url:", error.Message);
    }

    public sealed class Environment : GatewayEnvironment
    {
        public GrpcHealthServer Server { get; private set; } = null!;

        protected override async Task<(GatewaySettings, string[])> ConfigureAsync()
        {
            Server = Own(await GrpcHealthServer.StartAsync());
            Server.SetStatus("billing", ServingStatus.NotServing);
            var bare = Own(await GrpcHealthServer.StartWithoutHealthServiceAsync());
            var blackhole = Own(BlackholeServer.Start());
            var settings = new GatewaySettings()
                .Service("ok", "grpc", Server.Url)
                .Service("notServing", "grpc", Server.Url, fields: ("GrpcService", "billing"))
                .Service("unknownService", "grpc", Server.Url, fields: ("GrpcService", "nope"))
                .Service("unimplemented", "grpc", bare.Url)
                .Service("refused", "grpc", $"http://127.0.0.1:{RefusedPort.Get()}")
                .Service("blackhole", "grpc", $"http://127.0.0.1:{blackhole.Port}", fields: ("Timeout", "00:00:01"))
                .Service("withUserInfo", "grpc", Server.Url.Replace("http://", "http://u:Grpc-url-pw7@", StringComparison.Ordinal));
            return (settings, ["ok", "notServing", "unknownService", "unimplemented", "refused", "blackhole", "withUserInfo"]);
        }
    }
}
