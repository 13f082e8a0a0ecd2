using System.Diagnostics;
using HealthGateway.Checks.Kinds.Amqp;
using HealthGateway.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace HealthGateway.Api.Tests.Kinds.Amqp;

/// <summary>The amqp check class against one real RabbitMQ node (its own node name, ports and data), in each way it can fail.</summary>
public sealed class AmqpHealthCheckTests(AmqpHealthCheckTests.Broker broker) : IClassFixture<AmqpHealthCheckTests.Broker>
{
    [Fact]
    public async Task TheFixturesBrokerTakesAMessageWithRabbitMqClient()
    {
        var factory = new ConnectionFactory { Uri = new Uri(broker.Server.ConnectionString), AutomaticRecoveryEnabled = false };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var queue = await channel.QueueDeclareAsync(exclusive: true);
        await channel.BasicPublishAsync(string.Empty, queue.QueueName, "hello"u8.ToArray());
        var message = await channel.BasicGetAsync(queue.QueueName, autoAck: true);
        Assert.NotNull(message);
        Assert.Equal("hello", System.Text.Encoding.UTF8.GetString(message.Body.Span));
        Assert.StartsWith("hg-test-", broker.Server.NodeName);
    }

    [Fact]
    public async Task AReachableBrokerIsHealthy()
    {
        var result = await RunAsync(broker.Server.ConnectionString);
        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.StartsWith("AMQP channel opened in ", result.Description);
    }

    [Fact]
    public async Task WrongCredentialsAreAnAuthenticationFailureWithoutThePassword()
    {
        var result = await RunAsync(broker.Server.UriFor(broker.Server.Vhost, password: "not-the-password"));
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"authentication failed (127.0.0.1:{broker.Server.Port})", result.Description);
    }

    [Fact]
    public async Task AnUnknownVhostIsNamed()
    {
        var result = await RunAsync(broker.Server.UriFor("no-such-vhost"));
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"vhost not found: no-such-vhost (127.0.0.1:{broker.Server.Port})", result.Description);
    }

    [Fact]
    public async Task ARefusedPortIsReportedAsRefused()
    {
        var result = await RunAsync($"amqp://u:secret-x@127.0.0.1:{RefusedPort.Get()}/app");
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("connection refused (127.0.0.1:", result.Description);
    }

    [Fact]
    public async Task ABlackholedBrokerCostsTheTimeout()
    {
        await using var blackhole = BlackholeServer.Start();
        var stopwatch = Stopwatch.StartNew();
        var result = await RunAsync($"amqp://u:secret-x@127.0.0.1:{blackhole.Port}/app", TimeSpan.FromSeconds(1));
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("timed out after 1 s", result.Description);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4), $"took {stopwatch.Elapsed}");
    }

    private static Task<HealthCheckResult> RunAsync(string uri, TimeSpan? timeout = null)
    {
        var parsed = new Uri(uri);
        var check = new AmqpHealthCheck(new AmqpHealthCheckOptions
        {
            ConnectionString = parsed,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            Target = $"{parsed.Host}:{parsed.Port}",
        }, TimeProvider.System);
        return check.CheckHealthAsync(CheckContexts.For(check));
    }

    public sealed class Broker : IAsyncLifetime
    {
        public RabbitMqServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await RabbitMqServer.StartAsync();

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }
}
