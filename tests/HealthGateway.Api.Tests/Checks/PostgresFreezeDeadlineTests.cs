using System.Diagnostics;
using HealthGateway.Api.Tests.Infrastructure;
using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Checks;

/// <summary>
/// A real PostgreSQL frozen (SIGSTOP) while <c>?fresh=true</c> is asked again and again: every answer arrives within
/// the check's timeout and a margin, and says it timed out. The bound is the feature: once in 16 tries a frozen
/// server held an answer for 9 s against a 3 s timeout.
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
        var answers = new List<(TimeSpan Took, string Description)>();
        try
        {
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
            server.Thaw();
        }

        var report = string.Join("; ", answers.Select(a => $"{a.Took.TotalMilliseconds:0} ms: {a.Description}"));
        Assert.All(answers, answer => Assert.True(answer.Took < Timeout + Margin, report));
        Assert.All(answers, answer => Assert.StartsWith("timed out after 2 s", answer.Description, StringComparison.Ordinal));

        await gateway.WaitForReadinessAsync(b => b.EntryStatus("database") == "Healthy", TimeSpan.FromSeconds(30));
    }
}
