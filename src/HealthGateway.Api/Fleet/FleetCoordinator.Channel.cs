using System.Text.Json;
using StackExchange.Redis;

namespace HealthGateway.Api.Fleet;

// The coordinator's reading side: the fleet's channel, whose messages go to the results or the hurries.
internal sealed partial class FleetCoordinator
{
    /// <summary>Subscribes (retrying until Redis answers), then hands each message to the results or the hurries.</summary>
    private async Task ReadAsync(IConnectionMultiplexer redis, CancellationToken stopping)
    {
        while (_queue is null)
        {
            try
            {
                if (redis.IsConnected)
                {
                    _queue = await redis.GetSubscriber().SubscribeAsync(keys.Channel).WaitAsync(stopping);
                    break;
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Not yet: the next attempt follows.
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await Task.Delay(timings.Beat, time, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        while (true)
        {
            ChannelMessage message;
            try
            {
                message = await _queue.ReadAsync(stopping);
            }
            catch (Exception ex) when (ex is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
            {
                return;
            }

            try
            {
                if (JsonSerializer.Deserialize((string)message.Message!, FleetJsonContext.Default.FleetMessage) is not { } parsed)
                {
                    continue;
                }

                switch (parsed.Type)
                {
                    case FleetMessage.Result:
                        results.Apply(parsed);
                        break;
                    case FleetMessage.Check:
                        hurries.CheckNow(parsed);
                        break;
                    case FleetMessage.Hurry:
                        hurries.HoldFor(parsed);
                        break;
                    case FleetMessage.Heartbeat:
                        heartbeats.Apply(parsed);
                        break;
                }
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
            {
                // Not a message this version understands: skipped, the channel goes on.
            }
        }
    }
}
