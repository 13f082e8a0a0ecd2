using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Serilog.Events;

namespace HealthGateway.Api.Tests.Reliability;

/// <summary>
/// Request bodies a client breaks on the wire (bad chunked framing, slower than Kestrel's minimum data rate, shorter
/// than their Content-Length), sent over a raw socket to every endpoint that takes a POST: a 4xx or a closed
/// connection, never a 500; and the log gets at most one warning per request, no error and no stack trace.
/// </summary>
public sealed class BrokenRequestBodyTests(BrokenRequestBodyTests.Environment environment) : IClassFixture<BrokenRequestBodyTests.Environment>
{
    public static TheoryData<string, string> BrokenBodies
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var target in new[] { "/events", "/diagnostics/notifier?timeout=5" })
            {
                foreach (var how in new[] { "bad chunk framing", "slower than the minimum data rate", "cut short" })
                {
                    data.Add(target, how);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(BrokenBodies))]
    public async Task ABrokenBodyIsAClientErrorWithOneShortWarningNeverA500(string target, string how)
    {
        var logged = environment.Gateway.Logs.Events.Count;

        var response = await SendBrokenAsync(environment.Gateway.BaseUrl, target, how);

        var status = StatusOf(response);
        Assert.True(status is null or (>= 200 and < 500), $"{how} on {target}: '{response}'");
        Assert.DoesNotContain("   at ", response, StringComparison.Ordinal);
        if (target == "/events" && how != "cut short")
        {
            // Where the connection still allows an answer, the endpoint that reads the body says what was wrong.
            // (A body cut short ends with the client closing its side, which Kestrel takes as the request aborted.)
            Assert.Equal(how == "bad chunk framing" ? 400 : 408, status);
            Assert.Contains("application/problem+json", response, StringComparison.Ordinal);
        }

        // The warning, if any, is written before the answer; a moment covers a connection that closed without one.
        await Task.Delay(200);
        var events = environment.Gateway.Logs.Events.Skip(logged).ToList();
        Assert.DoesNotContain(events, e => e.Level >= LogEventLevel.Error);
        Assert.DoesNotContain(events, e => e.Exception is not null);
        Assert.DoesNotContain(events, e => e.RenderMessage().Contains("   at ", StringComparison.Ordinal));
        Assert.True(events.Count(e => e.Level == LogEventLevel.Warning) <= 1,
            "more than one warning: " + string.Join(" | ", events.Where(e => e.Level == LogEventLevel.Warning).Select(e => e.RenderMessage())));
        await environment.AssertStillServingAsync();
    }

    private static int? StatusOf(string response) =>
        response.StartsWith("HTTP/1.1 ", StringComparison.Ordinal)
            ? int.Parse(response.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture)
            : null;

    /// <summary>Sends a request whose body is broken as <paramref name="how"/> says and returns whatever came back (maybe nothing).</summary>
    private static async Task<string> SendBrokenAsync(Uri server, string target, string how)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancel.Token);
        var socket = client.Client;
        var head = $"POST {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
        try
        {
            switch (how)
            {
                case "bad chunk framing":
                    await socket.SendAsync(Encoding.ASCII.GetBytes(head + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZZ\r\n"), cancel.Token);
                    break;
                case "slower than the minimum data rate":
                    // One byte, then nothing: far below the 240 B/s this gateway requires after its 2 s grace period.
                    await socket.SendAsync(Encoding.ASCII.GetBytes(head + "Content-Length: 10000\r\n\r\n{"), cancel.Token);
                    break;
                default:
                    await socket.SendAsync(Encoding.ASCII.GetBytes(head + "Content-Length: 1000\r\n\r\n{\"user\":\"u1\","), cancel.Token);
                    socket.Shutdown(SocketShutdown.Send);
                    break;
            }
        }
        catch (SocketException)
        {
            // The server may answer and close before it has read everything; read its answer.
        }

        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, cancel.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException)
        {
            // Reset: what arrived before it is the answer.
        }
        catch (OperationCanceledException) when (received.Length > 0)
        {
            // Answered, and the connection was kept open after it: the answer is what counts.
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }

    /// <summary>A short minimum body data rate, so a slow body is cut within the test.</summary>
    public sealed class Environment : ServingGatewayFixture
    {
        protected override void ConfigureServices(IServiceCollection services) =>
            services.Configure<KestrelServerOptions>(kestrel =>
                kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(2)));
    }
}
