using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace HealthGateway.Api.Tests.Reliability;

/// <summary>
/// A WebSocket client that writes frames byte by byte, so a test can send what no well-behaved client library would:
/// reserved opcodes, unmasked frames, oversized control frames, absurd lengths, floods of fragments.
/// </summary>
public sealed class RawWebSocket : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawWebSocket(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawWebSocket> ConnectAsync(Uri server, string user)
    {
        var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var socket = new RawWebSocket(client);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var handshake = $"GET /ws?user={Uri.EscapeDataString(user)} HTTP/1.1\r\nHost: {server.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await socket._stream.WriteAsync(Encoding.ASCII.GetBytes(handshake));
        var response = new StringBuilder();
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!response.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await socket._stream.ReadAsync(one, timeout.Token) == 0)
            {
                break;
            }

            response.Append((char)one[0]);
        }

        Assert.StartsWith("HTTP/1.1 101", response.ToString(), StringComparison.Ordinal);
        return socket;
    }

    /// <summary>One frame. Client frames must be masked; <paramref name="masked"/> false breaks that rule on purpose.</summary>
    public static byte[] Frame(int opcode, bool fin, ReadOnlySpan<byte> payload, bool masked = true, bool rsv1 = false, ulong? claimedLength = null)
    {
        var length = claimedLength ?? (ulong)payload.Length;
        var frame = new List<byte> { (byte)((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | (opcode & 0x0F)) };
        var maskBit = masked ? 0x80 : 0;
        if (length < 126)
        {
            frame.Add((byte)(maskBit | (int)length));
        }
        else if (length <= ushort.MaxValue)
        {
            frame.Add((byte)(maskBit | 126));
            var extended = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(extended, (ushort)length);
            frame.AddRange(extended);
        }
        else
        {
            frame.Add((byte)(maskBit | 127));
            var extended = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(extended, length);
            frame.AddRange(extended);
        }

        var mask = masked ? RandomNumberGenerator.GetBytes(4) : [];
        frame.AddRange(mask);
        for (var i = 0; i < payload.Length; i++)
        {
            frame.Add(masked ? (byte)(payload[i] ^ mask[i % 4]) : payload[i]);
        }

        return [.. frame];
    }

    /// <summary>Writes raw bytes; false when the server has already closed the connection.</summary>
    public async Task<bool> TrySendAsync(byte[] bytes)
    {
        try
        {
            await _stream.WriteAsync(bytes);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads server frames until a close frame (returns its code), or until the connection ends without one
    /// (returns null). Counts the pongs seen on the way. Bounded: fails the test rather than hanging.
    /// </summary>
    public async Task<(int? CloseCode, int Pongs)> ReadUntilCloseAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        var pongs = 0;
        try
        {
            while (true)
            {
                var header = await ReadExactlyAsync(2, cancel.Token);
                if (header is null)
                {
                    return (null, pongs);
                }

                var opcode = header[0] & 0x0F;
                ulong length = (ulong)(header[1] & 0x7F);
                if (length == 126)
                {
                    length = BinaryPrimitives.ReadUInt16BigEndian(await ReadExactlyAsync(2, cancel.Token) ?? throw new IOException("closed"));
                }
                else if (length == 127)
                {
                    length = BinaryPrimitives.ReadUInt64BigEndian(await ReadExactlyAsync(8, cancel.Token) ?? throw new IOException("closed"));
                }

                var payload = length == 0 ? [] : await ReadExactlyAsync((int)length, cancel.Token);
                if (payload is null)
                {
                    return (null, pongs);
                }

                switch (opcode)
                {
                    case 0x8:
                        return (payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(payload) : 1005, pongs);
                    case 0xA:
                        pongs++;
                        break;
                }
            }
        }
        catch (IOException)
        {
            return (null, pongs);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }

    private async Task<byte[]?> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = await _stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                return null;
            }

            read += n;
        }

        return buffer;
    }
}
