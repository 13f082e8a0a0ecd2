using HealthGateway.Checks.Kinds.Amqp;
using HealthGateway.Checks.Kinds.Grpc;
using HealthGateway.Checks.Kinds.MySql;
using HealthGateway.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Api.Tests.Kinds;

/// <summary>
/// A check pointed at the wrong port says what it met there, in words a person can act on, as postgres and redis
/// already do: never a packet number, an HTTP/2 error code, a network timeout that was none, or a reload that was none.
/// </summary>
public sealed class NotThatServerTests
{
    [Fact]
    public async Task GrpcAgainstAPortThatAcceptsAndClosesIsNotAGrpcServerAndNoReload()
    {
        await using var closer = BannerServer.AcceptAndClose();

        var result = await RunGrpcAsync(closer.HttpUrl);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        // Which of the two the HTTP/2 client runs into depends on whether the close lands before or during its
        // handshake; either way it is no gRPC server and no reload.
        Assert.Contains(result.Description, new[]
        {
            $"not a gRPC server (the connection was closed at once) (127.0.0.1:{closer.Port})",
            $"not a gRPC server (it does not speak HTTP/2: an HTTP/1.1 server, or a TLS port that needs https://) (127.0.0.1:{closer.Port})",
        });
    }

    [Fact]
    public async Task GrpcOverCleartextAgainstAnHttp11ServerSaysItDoesNotSpeakHttp2()
    {
        await using var http = await TargetServer.StartAsync();

        var result = await RunGrpcAsync(http.BaseUrl);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"not a gRPC server (it does not speak HTTP/2: an HTTP/1.1 server, or a TLS port that needs https://) (127.0.0.1:{http.Port})",
            result.Description);
    }

    [Fact]
    public async Task AmqpAgainstGarbageQuotesWhatItAnswered()
    {
        await using var garbage = GarbageServer.Start();

        var result = await RunAmqpAsync(garbage.Port);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"not an AMQP server (it answered \"HELLO-NOT-A-PROTOCOL\") (127.0.0.1:{garbage.Port})", result.Description);
    }

    [Fact]
    public async Task AmqpAgainstAnHttpServerQuotesItsStatusLine()
    {
        await using var http = BannerServer.Start("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        var result = await RunAmqpAsync(http.Port);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"not an AMQP server (it answered \"HTTP/1.1 400 Bad Request\") (127.0.0.1:{http.Port})", result.Description);
    }

    [Fact]
    public async Task MySqlAgainstAnSshServerQuotesItsBanner()
    {
        await using var ssh = BannerServer.Start(BannerServer.Ssh);

        var check = new MySqlHealthCheck(new MySqlHealthCheckOptions
        {
            ConnectionString = $"Server=127.0.0.1;Port={ssh.Port};User ID=u;Password=secret-x",
            Timeout = TimeSpan.FromSeconds(10),
            Target = $"127.0.0.1:{ssh.Port}",
        }, TimeProvider.System);
        var result = await check.CheckHealthAsync(CheckContexts.For(check));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"not a MySQL server (it answered \"SSH-2.0-OpenSSH_9.6p1 Debian-4\") (127.0.0.1:{ssh.Port})", result.Description);
    }

    private static async Task<HealthCheckResult> RunGrpcAsync(string url)
    {
        var uri = new Uri(url);
        using var check = new GrpcHealthCheck(new GrpcHealthCheckOptions
        {
            Url = uri,
            GrpcService = "",
            Timeout = TimeSpan.FromSeconds(10),
            Target = $"{uri.Host}:{uri.Port}",
        }, TimeProvider.System);
        return await check.CheckHealthAsync(CheckContexts.For(check));
    }

    private static Task<HealthCheckResult> RunAmqpAsync(int port)
    {
        var check = new AmqpHealthCheck(new AmqpHealthCheckOptions
        {
            ConnectionString = new Uri($"amqp://u:secret-x@127.0.0.1:{port}/app"),
            Timeout = TimeSpan.FromSeconds(10),
            Target = $"127.0.0.1:{port}",
        }, TimeProvider.System);
        return check.CheckHealthAsync(CheckContexts.For(check));
    }
}
