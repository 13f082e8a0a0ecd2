using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Kinds.Tls;

/// <summary>
/// Client certificates (mutual TLS) on the kinds whose servers are not ours: gRPC over https (a Kestrel host that
/// requires a client certificate), amqps (a real RabbitMQ node with <c>verify_peer</c> and
/// <c>fail_if_no_peer_cert</c>) and mqtts (a real mosquitto with <c>require_certificate true</c>), each trusting only
/// the test CA. With <c>ClientCertificate</c>/<c>ClientKey</c> the check is Healthy; without, it says the server asked
/// for one and none is configured; with a certificate from another CA the server refuses it.
/// </summary>
public sealed class ClientCertificateBrokerTests(ClientCertificateBrokerTests.Environment environment) : IClassFixture<ClientCertificateBrokerTests.Environment>
{
    private const string NoClientCertificate = "the server asked for a client certificate and none is configured";

    [Theory]
    [InlineData("grpcWithCertificate", "SERVING in ")]
    [InlineData("amqpsWithCertificate", "AMQP channel opened in ")]
    [InlineData("mqttsWithCertificate", "")]
    public void WithTheClientCertificateTheCheckIsHealthy(string service, string start)
    {
        Assert.True(environment.Body.EntryStatus(service) == "Healthy", environment.Body.EntryDescription(service));
        Assert.StartsWith(start, environment.Body.EntryDescription(service));
    }

    [Theory]
    [InlineData("grpcWithout")]
    [InlineData("amqpsWithout")]
    [InlineData("mqttsWithout")]
    public void WithoutOneTheCheckSaysTheServerAskedForIt(string service)
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus(service));
        Assert.StartsWith(NoClientCertificate + " (", environment.Body.EntryDescription(service));
    }

    [Theory]
    [InlineData("grpcOtherCa")]
    [InlineData("amqpsOtherCa")]
    [InlineData("mqttsOtherCa")]
    public void ACertificateFromAnotherCaIsRefusedAndNotCalledMissing(string service)
    {
        Assert.Equal("Unhealthy", environment.Body.EntryStatus(service));
        Assert.DoesNotContain(NoClientCertificate, environment.Body.EntryDescription(service));
    }

    public sealed class Environment : GatewayEnvironment
    {
        public TestCertificates Certificates { get; } = TestCertificates.Create();

        public TestCertificates Others { get; } = TestCertificates.Create();

        protected override async Task<(GatewaySettings, string[])> ConfigureAsync()
        {
            var ca = ("CaCertificate", Certificates.CaCertificatePemPath);
            var client = Certificates.WriteClientCertificate("client");
            var stranger = Others.WriteClientCertificate("stranger");
            (string, string)[] with = [ca, ("ClientCertificate", client.CertificatePath), ("ClientKey", client.KeyPath)];
            (string, string)[] other = [ca, ("ClientCertificate", stranger.CertificatePath), ("ClientKey", stranger.KeyPath)];
            var grpc = Own(await GrpcHealthServer.StartAsync(Certificates.Valid, clientCa: Certificates));
            var rabbit = Own(await RabbitMqServer.StartAsync(new RabbitMqTlsListener(Certificates.Valid, Certificates.CaCertificate, requireClientCertificate: true)));
            var mosquitto = Own(await MosquittoServer.StartTlsAsync(Certificates, Certificates.Valid, requireCertificate: true));
            var settings = new GatewaySettings()
                .Set("HealthGateway:DefaultTimeout", "00:00:15")
                .Service("grpcWithCertificate", "grpc", grpc.Url, fields: with)
                .Service("grpcWithout", "grpc", grpc.Url, fields: ca)
                .Service("grpcOtherCa", "grpc", grpc.Url, fields: other)
                .Service("amqpsWithCertificate", "amqp", rabbit.TlsConnectionString, fields: with)
                .Service("amqpsWithout", "amqp", rabbit.TlsConnectionString, fields: ca)
                .Service("amqpsOtherCa", "amqp", rabbit.TlsConnectionString, fields: other)
                .Service("mqttsWithCertificate", "mqtt", mosquitto.TlsConnectionString, fields: with)
                .Service("mqttsWithout", "mqtt", mosquitto.TlsConnectionString, fields: ca)
                .Service("mqttsOtherCa", "mqtt", mosquitto.TlsConnectionString, fields: other);
            return (settings, ["grpcWithCertificate", "grpcWithout", "grpcOtherCa", "amqpsWithCertificate", "amqpsWithout", "amqpsOtherCa",
                "mqttsWithCertificate", "mqttsWithout", "mqttsOtherCa"]);
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            Certificates.Dispose();
            Others.Dispose();
        }
    }
}
