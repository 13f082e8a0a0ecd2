using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Kinds.Postgres;

/// <summary>
/// A real PostgreSQL frozen (SIGSTOP) while <c>?fresh=true</c> is asked again and again: every answer arrives within
/// the check's timeout and a margin, and says it timed out. The bound is the feature: once in 16 tries a frozen
/// server held an answer for 9 s against a 3 s timeout. The suspected path is a frozen server whose accept queue is
/// full, where Npgsql's cancel request hangs in connect inside a cancellation callback; the test fills the queue
/// itself so every try meets that condition (it does not force the timer race the runner fix closes).
/// </summary>
public sealed class PostgresFreezeDeadlineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    // Generous for a loaded machine, yet below a second wait of Npgsql's own connect timeout (which is the check's).
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task EveryFreshAnswerAgainstAFrozenDatabaseArrivesWithinItsTimeout()
    {
        await using var server = await PostgresServer.StartAsync();
        await using var gateway = await new GatewaySettings()
            .PollEvery(TimeSpan.FromMilliseconds(500))
            .Service("database", "postgres", server.ConnectionString, critical: true, fields: ("Timeout", "00:00:02"))
            .StartAsync();
        await gateway.WaitForReadinessAsync(b => b.HasEntry("database") && b.EntryStatus("database") == "Healthy");

        server.Freeze();
        var queueFillers = new SocketBag();
        var answers = new List<(TimeSpan Took, string Description)>();
        try
        {
            FillAcceptQueue(server.Port, queueFillers);
            for (var i = 0; i < 14; i++)
            {
                var watch = Stopwatch.StartNew();
                var (status, body) = await gateway.GetJsonAsync("/health/ready?fresh=true");
                answers.Add((watch.Elapsed, body.EntryDescription("database")));
                Assert.Equal(503, status);
            }
        }
        finally
        {
            // Closed before the thaw, so the resumed server does not spend its connection slots on them.
            queueFillers.Dispose();
            server.Thaw();
        }

        var report = string.Join("; ", answers.Select(a => $"{a.Took.TotalMilliseconds:0} ms: {a.Description}"));
        Assert.All(answers, answer => Assert.True(answer.Took < Timeout + Margin, report));
        Assert.All(answers, answer => Assert.StartsWith("timed out after 2 s", answer.Description, StringComparison.Ordinal));

        await gateway.WaitForReadinessAsync(b => b.EntryStatus("database") == "Healthy", TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// Connects to the frozen server until the kernel stops completing connects (its accept queue is full and it
    /// drops new SYNs), so any further connect hangs, as the cancel request's did. Bounded by count and time.
    /// </summary>
    private static void FillAcceptQueue(int port, SocketBag bag)
    {
        for (var i = 0; i < 5000; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            bag.Add(socket);
            var connect = socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            if (!connect.Wait(TimeSpan.FromMilliseconds(300)))
            {
                return;
            }
        }

        throw new InvalidOperationException("the frozen server's accept queue never filled");
    }

    private sealed class SocketBag : List<Socket>, IDisposable
    {
        public void Dispose() => ForEach(socket => socket.Dispose());
    }
}
