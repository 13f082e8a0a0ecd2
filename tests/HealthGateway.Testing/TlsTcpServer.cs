using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace HealthGateway.Testing;

/// <summary>
/// A raw TCP server on a free loopback port that completes a TLS handshake (SslStream) with the given certificate
/// and then keeps the connection open without a word, for a <c>tcp</c> check with <c>Tls: true</c>.
/// </summary>
public sealed class TlsTcpServer : IAsyncDisposable
{
    private readonly RawTcpServer _server;
    private int _handshakes;

    private TlsTcpServer(X509Certificate2 certificate, TestCertificates? clientCa) =>
        _server = new RawTcpServer(async (socket, ct) =>
        {
            await using var stream = new SslStream(new System.Net.Sockets.NetworkStream(socket, ownsSocket: false));
            try
            {
                await stream.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = certificate,
                    ClientCertificateRequired = clientCa is not null,
                    RemoteCertificateValidationCallback = clientCa is null ? null : (_, client, _, _) => clientCa.IssuedByCa(client),
                }, ct);
                Interlocked.Increment(ref _handshakes);
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or System.Security.Authentication.AuthenticationException)
            {
                // The client rejected the certificate, went away, or the server is stopping.
            }
        });

    public int Port => _server.Port;

    public string Target => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>How many TLS handshakes completed on the server's side.</summary>
    public int Handshakes => Volatile.Read(ref _handshakes);

    /// <param name="certificate">The server's certificate.</param>
    /// <param name="clientCa">Require a client certificate issued by this CA (mutual TLS); null asks for none.</param>
    public static TlsTcpServer Start(X509Certificate2 certificate, TestCertificates? clientCa = null) => new(certificate, clientCa);

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
