using System.Collections.Concurrent;
using System.Net;
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

        var response = await SendBrokenAsync(environment, target, how);

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
    /// <remarks>
    /// Returns once the server is done with the connection (its request, any warning about it, and the close), so the
    /// log can be read without guessing how long that takes.
    /// </remarks>
    private static async Task<string> SendBrokenAsync(Environment environment, string target, string how)
    {
        var server = environment.Gateway.BaseUrl;
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        Task serverDone;
        string response;
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(server.Host, server.Port, cancel.Token);
            serverDone = environment.ConnectionEnded(((IPEndPoint)client.Client.LocalEndPoint!).Port);
            response = await SendAndReceiveAsync(client.Client, target, how, cancel.Token);
        }

        await serverDone.WaitAsync(TimeSpan.FromSeconds(30));
        return response;
    }

    private static async Task<string> SendAndReceiveAsync(Socket socket, string target, string how, CancellationToken ct)
    {
        var head = $"POST {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
        try
        {
            switch (how)
            {
                case "bad chunk framing":
                    await socket.SendAsync(Encoding.ASCII.GetBytes(head + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZZ\r\n"), ct);
                    break;
                case "slower than the minimum data rate":
                    // One byte, then nothing: far below the 240 B/s this gateway requires after its 2 s grace period.
                    await socket.SendAsync(Encoding.ASCII.GetBytes(head + "Content-Length: 10000\r\n\r\n{"), ct);
                    break;
                default:
                    await socket.SendAsync(Encoding.ASCII.GetBytes(head + "Content-Length: 1000\r\n\r\n{\"user\":\"u1\","), ct);
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
            while ((read = await socket.ReceiveAsync(buffer, ct)) > 0)
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

    /// <summary>
    /// A short minimum body data rate, so a slow body is cut within the test; and a connection middleware that says
    /// when Kestrel has finished with a connection, the signal the test waits on instead of a pause.
    /// </summary>
    public sealed class Environment : ServingGatewayFixture
    {
        private readonly ConcurrentDictionary<int, TaskCompletionSource> _ended = new();

        /// <summary>Completes when the server has finished with the connection from <paramref name="clientPort"/>; call it while that connection is open.</summary>
        public Task ConnectionEnded(int clientPort)
        {
            var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _ended[clientPort] = ended;
            return ended.Task;
        }

        protected override void ConfigureServices(IServiceCollection services) =>
            services.Configure<KestrelServerOptions>(kestrel =>
            {
                kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(2));
                // Outside the HTTP pipeline: it returns after the request, whatever was logged about it, and the close.
                kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => async connection =>
                {
                    try
                    {
                        await next(connection);
                    }
                    finally
                    {
                        if (connection.RemoteEndPoint is IPEndPoint remote && _ended.TryRemove(remote.Port, out var ended))
                        {
                            ended.TrySetResult();
                        }
                    }
                }));
            });
    }
}
