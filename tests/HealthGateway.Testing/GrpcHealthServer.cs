using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HealthGateway.Testing;

/// <summary>
/// A real Kestrel host serving the standard gRPC health protocol (<c>grpc.health.v1.Health</c>, Grpc.HealthCheck's
/// own implementation) over plaintext HTTP/2 or over TLS. The whole server ("") starts SERVING; the test switches
/// any service's status, and a service never set answers NOT_FOUND. <see cref="StartWithoutHealthServiceAsync"/>
/// is a gRPC server that does not implement the health service, so a Check is UNIMPLEMENTED.
/// </summary>
public sealed class GrpcHealthServer : IAsyncDisposable
{
    private readonly HealthServiceImpl _health = new();
    private WebApplication? _app;
    private int _disposed;

    private GrpcHealthServer()
    {
    }

    /// <summary>http://127.0.0.1:port (h2c) or https://127.0.0.1:port, no trailing slash.</summary>
    public string Url { get; private set; } = string.Empty;

    public int Port { get; private set; }

    /// <summary>Starts the health server, over TLS with <paramref name="certificate"/> when one is given.</summary>
    /// <param name="clientCa">Require a client certificate issued by this CA (mutual TLS); with <paramref name="certificate"/> only.</param>
    public static Task<GrpcHealthServer> StartAsync(X509Certificate2? certificate = null, TestCertificates? clientCa = null) =>
        StartCoreAsync(certificate, withHealthService: true, clientCa);

    /// <summary>A gRPC server on HTTP/2 without the health service: every health call is UNIMPLEMENTED.</summary>
    public static Task<GrpcHealthServer> StartWithoutHealthServiceAsync() => StartCoreAsync(certificate: null, withHealthService: false, clientCa: null);

    /// <summary>Sets what Check answers for <paramref name="service"/> ("" is the whole server).</summary>
    public void SetStatus(string service, HealthCheckResponse.Types.ServingStatus status) => _health.SetStatus(service, status);

    /// <summary>Forgets <paramref name="service"/>, so Check answers NOT_FOUND for it.</summary>
    public void ClearStatus(string service) => _health.ClearStatus(service);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (_app is not null)
        {
            await HostShutdown.StopAsync(_app);
            _app = null;
        }
    }

    private static async Task<GrpcHealthServer> StartCoreAsync(X509Certificate2? certificate, bool withHealthService, TestCertificates? clientCa)
    {
        var server = new GrpcHealthServer();
        try
        {
            await server.StartHostAsync(certificate, withHealthService, clientCa);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task StartHostAsync(X509Certificate2? certificate, bool withHealthService, TestCertificates? clientCa)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                // HTTP/2 only: without TLS there is no ALPN, so a plaintext endpoint must speak h2c from the start.
                listen.Protocols = HttpProtocols.Http2;
                if (certificate is not null)
                {
                    listen.UseHttps(https =>
                    {
                        https.ServerCertificate = certificate;
                        if (clientCa is not null)
                        {
                            https.ClientCertificateMode = Microsoft.AspNetCore.Server.Kestrel.Https.ClientCertificateMode.RequireCertificate;
                            https.ClientCertificateValidation = (client, _, _) => clientCa.IssuedByCa(client);
                        }
                    });
                }
            });
        });
        builder.Services.AddRouting();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(_health);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(2));

        var app = builder.Build();
        _app = app;
        app.UseRouting();
        if (withHealthService)
        {
            _health.SetStatus(string.Empty, HealthCheckResponse.Types.ServingStatus.Serving);
            app.MapGrpcService<HealthServiceImpl>();
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single();
        Port = new Uri(address).Port;
        Url = (certificate is null ? "http" : "https") + "://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);
    }
}
