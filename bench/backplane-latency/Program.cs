using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using BackplaneLatency;
using HealthGateway.Testing;
using StackExchange.Redis;

// Cross-replica event latency and throughput through the Redis backplane, next to local delivery, in one run:
// one real redis-server (started here), two gateways sharing it (A and B) and one without a backplane, all real
// Kestrel on loopback in this process, real WebSocket clients. Bounded: every scenario sends a fixed number of
// events and the whole run is cancelled after 10 minutes.
//
//   dotnet run -c Release --project bench/backplane-latency [-- --events 5000 --producers 8]
var events = IntArgument(args, "--events", 5000);
var producers = IntArgument(args, "--producers", 8);
var warmup = Math.Min(500, events / 10);
using var runLimit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
var token = runLimit.Token;

await using var redis = await RedisServer.StartAsync(ct: token);
await using var local = await BenchGateway.StartAsync(backplane: null);
await using var a = await BenchGateway.StartAsync(redis.ConnectionString);
await using var b = await BenchGateway.StartAsync(redis.ConnectionString);
await a.WaitUntilSubscribedAsync(token).WaitAsync(TimeSpan.FromSeconds(30), token);
await b.WaitUntilSubscribedAsync(token).WaitAsync(TimeSpan.FromSeconds(30), token);

var latencies = new List<(string Name, LatencyResult Result)>
{
    ("local: POST and client on one gateway, no backplane", await MeasureLatencyAsync(local, local, "lat-local")),
    ("backplane, same replica: POST to A, client on A", await MeasureLatencyAsync(a, a, "lat-same")),
    ("backplane, cross replica: POST to B, client on A", await MeasureLatencyAsync(b, a, "lat-cross")),
};

var throughputs = new List<(string Name, ThroughputResult Result)>
{
    ($"local, no backplane: {producers} producers, one user each", await MeasureThroughputAsync(local, local, "tp-local")),
    ($"backplane, cross replica: {producers} producers posting to B, clients on A", await MeasureThroughputAsync(b, a, "tp-cross")),
    ("backplane, straight to Redis: pipelined PUBLISH burst, client on A", await MeasureBurstAsync()),
};

Console.WriteLine(Report());
return 0;

// Sequential: POST one event, wait until it arrives, then the next. Latency = POST sent -> frame received.
async Task<LatencyResult> MeasureLatencyAsync(BenchGateway producer, BenchGateway receiver, string user)
{
    await using var client = await EventClient.ConnectAsync(receiver, user, token);
    var endToEnd = new double[events];
    var postRoundTrip = new double[events];
    for (var n = -warmup; n < events; n++)
    {
        var started = Stopwatch.GetTimestamp();
        await producer.PostAsync(user, n, token);
        var answered = Stopwatch.GetTimestamp();
        var arrived = await client.NextAsync(n, token);
        if (n >= 0)
        {
            endToEnd[n] = Stopwatch.GetElapsedTime(started, arrived).TotalMilliseconds;
            postRoundTrip[n] = Stopwatch.GetElapsedTime(started, answered).TotalMilliseconds;
        }
    }

    return new LatencyResult(Stats.Of(endToEnd), Stats.Of(postRoundTrip));
}

// Concurrent producers, each posting its own user's events in order (the next after the 202): events per second
// from the first POST until the last event arrived, every event checked to arrive once and in order.
async Task<ThroughputResult> MeasureThroughputAsync(BenchGateway producer, BenchGateway receiver, string prefix)
{
    var perProducer = events / producers;
    var clients = new EventClient[producers];
    for (var p = 0; p < producers; p++)
    {
        clients[p] = await EventClient.ConnectAsync(receiver, $"{prefix}-{p}", token);
    }

    try
    {
        await RunProducersAsync(-warmup / producers, 0);
        var started = Stopwatch.GetTimestamp();
        await RunProducersAsync(0, perProducer);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new ThroughputResult(perProducer * producers, elapsed);
    }
    finally
    {
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }

    Task RunProducersAsync(int from, int to) => Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
    {
        var receiving = Task.Run(async () =>
        {
            for (var n = from; n < to; n++)
            {
                await clients[p].NextAsync(n, token);
            }
        });
        for (var n = from; n < to; n++)
        {
            await producer.PostAsync($"{prefix}-{p}", n, token);
        }

        await receiving;
    })));
}

// A producer publishing straight to the channel (the documented message format), pipelined on one connection.
async Task<ThroughputResult> MeasureBurstAsync()
{
    await using var client = await EventClient.ConnectAsync(a, "burst", token);
    await using var publisher = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
    var channel = RedisChannel.Literal("healthgateway:agent-events");
    var messages = Enumerable.Range(0, events)
        .Select(n => (RedisValue)string.Create(CultureInfo.InvariantCulture, $$$"""{"user":"burst","type":"agent_thinking","runId":"bench","data":{"n":{{{n}}}}}"""))
        .ToArray();
    var started = Stopwatch.GetTimestamp();
    var receiving = Task.Run(async () =>
    {
        var last = 0L;
        for (var n = 0; n < events; n++)
        {
            last = await client.NextAsync(n, token);
        }

        return last;
    });
    await Task.WhenAll(messages.Select(message => publisher.GetSubscriber().PublishAsync(channel, message)));
    var lastArrived = await receiving;
    return new ThroughputResult(events, Stopwatch.GetElapsedTime(started, lastArrived));
}

string Report()
{
    var text = new StringBuilder();
    text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}");
    text.AppendLine(CultureInfo.InvariantCulture, $"Redis: {RedisVersion()} on 127.0.0.1; gateways in this process (Release: {!IsDebug()}); {events} events per scenario after {warmup} warm-up events");
    text.AppendLine();
    text.AppendLine("| latency (sequential: POST, wait for the frame, next) | p50 ms | p99 ms | max ms | mean ms | POST 202 p50 ms | events/s |");
    text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
    foreach (var (name, result) in latencies)
    {
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {name} | {result.EndToEnd.P50:0.000} | {result.EndToEnd.P99:0.000} | {result.EndToEnd.Max:0.0} | {result.EndToEnd.Mean:0.000} | {result.PostRoundTrip.P50:0.000} | {1000 / result.EndToEnd.Mean:0} |");
    }

    text.AppendLine();
    text.AppendLine("| throughput (every event checked: arrived once, in order per user) | events | seconds | events/s |");
    text.AppendLine("|---|---:|---:|---:|");
    foreach (var (name, result) in throughputs)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {result.Events} | {result.Elapsed.TotalSeconds:0.00} | {result.Events / result.Elapsed.TotalSeconds:0} |");
    }

    return text.ToString();
}

static string RedisVersion()
{
    try
    {
        using var process = Process.Start(new ProcessStartInfo("redis-server", "--version") { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Split(' ').FirstOrDefault(part => part.StartsWith("v=", StringComparison.Ordinal))?[2..] ?? "unknown";
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return "unknown";
    }
}

static bool IsDebug() =>
    typeof(BenchGateway).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false)
        .OfType<DebuggableAttribute>().Any(attribute => attribute.IsJITOptimizerDisabled);

static int IntArgument(string[] args, string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) && value > 0
        ? value
        : fallback;
}

internal readonly record struct LatencyResult(Stats EndToEnd, Stats PostRoundTrip);

internal readonly record struct ThroughputResult(int Events, TimeSpan Elapsed);
