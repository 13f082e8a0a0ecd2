using System.Net.Sockets;
using System.Text;

namespace HealthGateway.Api.Tests.Reliability;

/// <summary>
/// HTTP/1.1 over a plain socket, so a test can send exactly the bytes it means (invalid percent-encoding, oversized
/// lines and headers) without a client normalising or refusing them.
/// </summary>
public static class RawHttp
{
    /// <summary>Sends <paramref name="request"/> as is and returns the response's status code and the whole response text.</summary>
    public static async Task<(int Status, string Response)> SendAsync(Uri server, byte[] request, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancel.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request, cancel.Token);
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything we sent (e.g. a 431); read its answer.
        }

        var response = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            while (!HasCompleteResponse(response))
            {
                var read = await stream.ReadAsync(buffer, cancel.Token);
                if (read == 0)
                {
                    break;
                }

                response.Write(buffer, 0, read);
            }
        }
        catch (IOException) when (response.Length > 0)
        {
            // Reset after the answer was sent: the answer is what counts.
        }

        var text = Encoding.UTF8.GetString(response.ToArray());
        Assert.True(text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal), $"no HTTP response: '{text}'");
        return (int.Parse(text.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture), text);
    }

    /// <summary>A request line plus headers (Host and Connection: close added), ASCII except where the target carries raw bytes.</summary>
    public static byte[] Request(string method, string target, string? extraHeaders = null, string? body = null, string? contentType = null)
    {
        var text = new StringBuilder()
            .Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n")
            .Append("Host: 127.0.0.1\r\nConnection: close\r\n");
        if (extraHeaders is not null)
        {
            text.Append(extraHeaders);
        }

        var bodyBytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        if (body is not null)
        {
            text.Append("Content-Type: ").Append(contentType ?? "application/json").Append("\r\n")
                .Append("Content-Length: ").Append(bodyBytes.Length).Append("\r\n");
        }
        else if (method is "POST" or "PUT")
        {
            text.Append("Content-Length: 0\r\n");
        }

        text.Append("\r\n");
        return [.. Encoding.UTF8.GetBytes(text.ToString()), .. bodyBytes];
    }

    private static bool HasCompleteResponse(MemoryStream response)
    {
        var text = Encoding.UTF8.GetString(response.GetBuffer(), 0, (int)response.Length);
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headerEnd < 0)
        {
            return false;
        }

        var lengthHeader = text[..headerEnd].Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return lengthHeader is not null
            && Encoding.UTF8.GetByteCount(text[(headerEnd + 4)..]) >= int.Parse(lengthHeader["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
