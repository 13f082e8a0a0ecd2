using System.Globalization;
using System.Net;
using HealthGateway.Testing;

namespace HealthGateway.Bench.Infrastructure;

/// <summary>A web server under measurement (the gateway or the baseline host) in its own process on 127.0.0.1.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private ServerProcess(ChildProcess process, Uri baseUrl)
    {
        Process = process;
        BaseUrl = baseUrl;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 256 })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public ChildProcess Process { get; }

    public Uri BaseUrl { get; }

    public HttpClient Client { get; }

    public string Url(string pathAndQuery) => new Uri(BaseUrl, pathAndQuery).ToString();

    /// <summary>
    /// Starts the gateway against <paramref name="targets"/>: the shipped appsettings.json with its five services
    /// re-pointed by environment variables (as a user would), plus a tcp service; all critical.
    /// </summary>
    public static Task<ServerProcess> StartGatewayAsync(BenchPaths paths, TargetSet targets, IReadOnlyDictionary<string, string>? extra = null, string name = "gateway")
    {
        var port = FreePort.Get();
        var environment = new Dictionary<string, string>(GatewayEnvironment(targets))
        {
            ["Urls"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return StartAsync(name, GatewayCommand(paths.GatewayDll), environment, port, "/health/live");
    }

    /// <summary>
    /// How to run <paramref name="gateway"/>: <c>dotnet X.dll</c> for the JIT build, the file itself for a native
    /// executable (the Native AOT publish).
    /// </summary>
    public static (string FileName, string[] Arguments) GatewayCommand(string gateway) =>
        gateway.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? ("dotnet", [gateway]) : (gateway, []);

    public static IReadOnlyDictionary<string, string> GatewayEnvironment(TargetSet targets) => new Dictionary<string, string>
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["HealthGateway__PollInterval"] = "00:00:02",
        ["HealthGateway__Services__backend_api__Url"] = targets.HttpUrl,
        ["HealthGateway__Services__backend_api__Timeout"] = "00:00:02",
        ["HealthGateway__Services__backend_api__DegradedAfter"] = "00:00:01",
        ["HealthGateway__Services__auth_service__Enabled"] = "false",
        ["HealthGateway__Services__websocket_endpoint__Url"] = targets.WebSocketUrl,
        ["HealthGateway__Services__database__ConnectionString"] = targets.PostgresConnectionString,
        ["HealthGateway__Services__database__Critical"] = "true",
        ["HealthGateway__Services__redis__ConnectionString"] = targets.RedisConnectionString,
        ["HealthGateway__Services__redis__Critical"] = "true",
        ["HealthGateway__Services__tcp_port__Kind"] = "tcp",
        ["HealthGateway__Services__tcp_port__Url"] = targets.TcpUrl,
        ["HealthGateway__Services__tcp_port__Critical"] = "true",
        // Five kinds, five entries: the notifier self-check (a sixth entry) is measured on its own.
        ["HealthGateway__Notifications__HealthCheckEnabled"] = "false",
        ["HealthGateway__Notifications__DiagnosticsPermitLimit"] = "100000",
        // The fan-out benchmark connects 1,000 sockets as one user (the default cap is 100).
        ["HealthGateway__Notifications__MaxConnectionsPerUser"] = "2000",
    };

    /// <summary>Starts bench/BaselineHost (/plain, /sized and /stock) against <paramref name="targets"/>.</summary>
    public static Task<ServerProcess> StartBaselineAsync(BenchPaths paths, TargetSet targets, int sizedBodyBytes = 1500, bool webSockets = false)
    {
        var port = FreePort.Get();
        string[] arguments =
        [
            paths.BaselineDll,
            $"--urls=http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            $"--Baseline:HttpUrl={targets.HttpUrl}",
            $"--Baseline:WebSocketUrl={targets.WebSocketUrl}",
            $"--Baseline:Postgres={targets.PostgresConnectionString}",
            $"--Baseline:Redis={targets.RedisConnectionString}",
            $"--Baseline:TcpPort={targets.Tcp.Port.ToString(CultureInfo.InvariantCulture)}",
            $"--Baseline:SizedBodyBytes={sizedBodyBytes.ToString(CultureInfo.InvariantCulture)}",
            $"--Baseline:WebSockets={(webSockets ? "true" : "false")}",
        ];
        return StartAsync("baseline", ("dotnet", arguments), new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" }, port, "/plain");
    }

    /// <summary>GET <paramref name="path"/> until <paramref name="accept"/> holds, bounded.</summary>
    public async Task<HttpStatusCode> WaitForAsync(string path, Func<HttpStatusCode, bool> accept, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var last = (HttpStatusCode)0;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await Client.GetAsync(path);
                last = response.StatusCode;
                if (accept(last))
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (Process.HasExited)
            {
                throw new InvalidOperationException($"{Process.Name} exited:\n{Process.Tail()}");
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{Process.Name}: {path} never matched (last {(int)last}):\n{Process.Tail()}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Process.DisposeAsync();
    }

    private static async Task<ServerProcess> StartAsync(string name, (string FileName, string[] Arguments) command, IReadOnlyDictionary<string, string> environment, int port, string livePath)
    {
        var child = ChildProcess.Start(name, command.FileName, command.Arguments, environment);
        var server = new ServerProcess(child, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));
        try
        {
            await server.WaitForAsync(livePath, status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }
}
