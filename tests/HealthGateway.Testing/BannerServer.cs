using System.Globalization;
using System.Text;

namespace HealthGateway.Testing;

/// <summary>
/// Another protocol's server as a misconfigured port would show it: on each connection it says its banner (an SSH
/// server's "SSH-2.0-…") and closes; with an empty banner it accepts and closes at once. A client of some other
/// protocol must say what it met, not a packet number or a reload.
/// </summary>
public sealed class BannerServer : IAsyncDisposable
{
    public const string Ssh = "SSH-2.0-OpenSSH_9.6p1 Debian-4\r\n";

    private readonly RawTcpServer _server;
    private readonly byte[] _banner;

    private BannerServer(string banner)
    {
        _banner = Encoding.ASCII.GetBytes(banner);
        _server = new RawTcpServer((socket, ct) => RawTcpServer.SayAndCloseAsync(socket, _banner, ct));
    }

    public int Port => _server.Port;

    public string HttpUrl => "http://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Says <paramref name="banner"/> on each connection, then closes it.</summary>
    public static BannerServer Start(string banner) => new(banner);

    /// <summary>Accepts each connection and closes it at once, without a byte.</summary>
    public static BannerServer AcceptAndClose() => new(string.Empty);

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
