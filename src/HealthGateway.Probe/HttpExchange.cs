using System.Net.Sockets;
using System.Text;

namespace HealthGateway.Probe;

/// <summary>
/// One HTTP/1.1 GET on a connected socket: the request, the status line and, only when the body is wanted, the
/// headers and the body. <c>Connection: close</c>, so the server ends the body by closing when it sends no length.
/// </summary>
/// <param name="timeoutText">The timeout as the failure line words it ("3 s").</param>
internal sealed class HttpExchange(Socket socket, Deadline deadline, string timeoutText)
{
    /// <summary>More than any status line and headers a health endpoint sends; a longer head is not a health answer.</summary>
    private const int MaxHead = 16 * 1024;

    /// <summary>The gateway's report for 10,000 services is a few MiB; past this the body is not read on.</summary>
    private const int MaxBody = 8 * 1024 * 1024;

    private byte[] _buffer = new byte[4096];
    private int _length;
    private bool _closed;

    /// <summary>Sends the GET; false when the deadline passed or the connection broke.</summary>
    public bool TrySend(ProbeUrl url, bool wantBody)
    {
        var request = $"GET {url.Target} HTTP/1.1\r\nHost: {url.HostHeader}\r\nUser-Agent: healthgateway-probe\r\n"
            + $"Accept: {(wantBody ? "application/json" : "*/*")}\r\nConnection: close\r\n\r\n";
        try
        {
            socket.SendTimeout = deadline.RemainingMilliseconds;
            socket.Send(Encoding.ASCII.GetBytes(request));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Reads until the status line is complete; null when it never came (timeout, closed, not HTTP).</summary>
    /// <param name="failure">What went wrong, in words, when this returns null.</param>
    public StatusLine? ReadStatusLine(out string failure)
    {
        failure = string.Empty;
        int end;
        while ((end = _buffer.AsSpan(0, _length).IndexOf((byte)'\n')) < 0)
        {
            // Not HTTP is known from the first bytes: no need to wait for a line that may never end.
            if (!LooksLikeHttp(_buffer.AsSpan(0, _length)))
            {
                failure = $"not an HTTP answer: \"{Printable.Clip(_buffer.AsSpan(0, _length))}\"";
                return null;
            }

            if (!TryReadMore(MaxHead, out failure))
            {
                return null;
            }
        }

        var line = _buffer.AsSpan(0, end).TrimEnd((byte)'\r');
        if (StatusLine.TryParse(line) is { } status)
        {
            return status;
        }

        failure = $"not an HTTP answer: \"{Printable.Clip(line)}\"";
        return null;
    }

    /// <summary>
    /// The body, de-chunked, once the status line has been read; null when the headers or body did not arrive whole
    /// within the deadline or the cap.
    /// </summary>
    public byte[]? ReadBody()
    {
        int headEnd;
        while ((headEnd = _buffer.AsSpan(0, _length).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (!TryReadMore(MaxHead, out _))
            {
                return null;
            }
        }

        var head = Encoding.ASCII.GetString(_buffer, 0, headEnd);
        var bodyStart = headEnd + 4;
        var chunked = HeaderValue(head, "Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true;
        var declared = !chunked && long.TryParse(HeaderValue(head, "Content-Length"), out var length) ? length : (long?)null;
        if (declared > MaxBody)
        {
            return null;
        }

        // Read to the end: the connection closes after the answer (Connection: close), whatever its framing.
        while (!_closed && (declared is not { } size || _length - bodyStart < size))
        {
            if (!TryReadMore(bodyStart + MaxBody, out _))
            {
                break;
            }
        }

        var body = _buffer.AsSpan(bodyStart, _length - bodyStart);
        if (declared is { } expected)
        {
            return body.Length >= expected ? body[..(int)expected].ToArray() : null;
        }

        return chunked ? ChunkedBody.Decode(body) : _closed ? body.ToArray() : null;
    }

    /// <summary>HTTP/1.x starts with these bytes; anything else is some other protocol (or none).</summary>
    private static bool LooksLikeHttp(ReadOnlySpan<byte> received)
    {
        var prefix = "HTTP/1."u8;
        var compared = Math.Min(received.Length, prefix.Length);
        return received[..compared].SequenceEqual(prefix[..compared]);
    }

    private static string? HeaderValue(string head, string name)
    {
        foreach (var line in head.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    /// <summary>One receive into the buffer, growing it up to <paramref name="limit"/>; false with the reason when none came.</summary>
    private bool TryReadMore(int limit, out string failure)
    {
        failure = string.Empty;
        if (_closed)
        {
            failure = ClosedFailure();
            return false;
        }

        if (_length == _buffer.Length)
        {
            if (_buffer.Length >= limit)
            {
                failure = "the answer's head is too long to be a health answer";
                return false;
            }

            Array.Resize(ref _buffer, Math.Min(limit, _buffer.Length * 4));
        }

        var remaining = deadline.RemainingMilliseconds;
        if (remaining == 0)
        {
            failure = $"no answer within {timeoutText}";
            return false;
        }

        try
        {
            socket.ReceiveTimeout = remaining;
            var received = socket.Receive(_buffer, _length, _buffer.Length - _length, SocketFlags.None);
            if (received == 0)
            {
                _closed = true;
                failure = ClosedFailure();
                return false;
            }

            _length += received;
            return true;
        }
        catch (SocketException error) when (error.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            failure = $"no answer within {timeoutText}";
            return false;
        }
        catch (SocketException error)
        {
            failure = error.SocketErrorCode == SocketError.ConnectionReset ? "the connection was reset without an answer" : $"the connection failed: {error.SocketErrorCode}";
            return false;
        }
    }

    private string ClosedFailure() => _length == 0
        ? "the connection closed without an answer"
        : $"the answer ended early: \"{Printable.Clip(_buffer.AsSpan(0, _length))}\"";
}
