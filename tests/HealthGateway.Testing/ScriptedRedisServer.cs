using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace HealthGateway.Testing;

/// <summary>
/// A password-protected Redis that speaks only the login: it answers <c>AUTH</c> (<c>+OK</c> for its password,
/// <c>-WRONGPASS</c> otherwise) and <c>PING</c> (<c>-NOAUTH</c> before a successful AUTH on that connection,
/// <c>+PONG</c> after), and falls silent on a connection at its first other command. So a StackExchange.Redis
/// client, whose handshake goes on past AUTH, never connects, deterministically, while a raw AUTH-then-PING
/// conversation gets the answers a real password-protected server gives: what a diagnosis of the failed connect
/// sees after a freeze, without the freeze's timing.
/// </summary>
public sealed class ScriptedRedisServer : IAsyncDisposable
{
    public const string NoAuthReply = "-NOAUTH Authentication required.";

    public const string WrongPassReply = "-WRONGPASS invalid username-password pair or user is disabled.";

    private readonly string _password;
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly RawTcpServer _server;

    private ScriptedRedisServer(string password)
    {
        _password = password;
        _server = new RawTcpServer(ServeAsync);
    }

    public int Port => _server.Port;

    /// <summary>Every command name received, on all connections, in arrival order per connection.</summary>
    public IReadOnlyCollection<string> Commands => _commands;

    public static ScriptedRedisServer Start(string password) => new(password);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task ServeAsync(Socket socket, CancellationToken stopping)
    {
        var reader = new RespReader(socket);
        var authenticated = false;
        var silent = false;
        try
        {
            while (await reader.ReadCommandAsync(stopping) is { Count: > 0 } command)
            {
                var name = command[0].ToUpperInvariant();
                _commands.Enqueue(name);
                string? reply = silent ? null : name switch
                {
                    "AUTH" when command[^1] == _password => "+OK",
                    "AUTH" => WrongPassReply,
                    "PING" => authenticated ? "+PONG" : NoAuthReply,
                    _ => null,
                };
                authenticated |= reply == "+OK";
                silent |= reply is null;
                if (reply is not null)
                {
                    await socket.SendAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), SocketFlags.None, stopping);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or FormatException)
        {
            // The client left, the server is stopping, or the peer sent something that is not RESP.
        }
        finally
        {
            socket.Dispose();
        }
    }

    /// <summary>Reads RESP arrays of bulk strings, the form every Redis client sends its commands in.</summary>
    private sealed class RespReader(Socket socket)
    {
        private readonly List<byte> _pending = [];
        private readonly byte[] _buffer = new byte[4096];

        public async Task<List<string>?> ReadCommandAsync(CancellationToken cancellationToken)
        {
            if (await ReadLineAsync(cancellationToken) is not { } header)
            {
                return null;
            }

            if (!header.StartsWith('*'))
            {
                // An inline command (telnet style): words separated by spaces.
                return [.. header.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
            }

            var parts = new List<string>();
            for (var count = int.Parse(header.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture); count > 0; count--)
            {
                // "$<length>" then the bulk string's line; the strings a client sends here hold no CRLF.
                if (await ReadLineAsync(cancellationToken) is null || await ReadLineAsync(cancellationToken) is not { } part)
                {
                    return null;
                }

                parts.Add(part);
            }

            return parts;
        }

        private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var newline = _pending.IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    var line = Encoding.UTF8.GetString(_pending.GetRange(0, newline).ToArray()).TrimEnd('\r');
                    _pending.RemoveRange(0, newline + 1);
                    return line;
                }

                var read = await socket.ReceiveAsync(_buffer, SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    return null;
                }

                _pending.AddRange(_buffer.AsSpan(0, read));
            }
        }
    }
}
