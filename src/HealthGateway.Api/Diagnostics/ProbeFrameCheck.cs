using System.Text.Json;
using HealthGateway.Api.AgentEvents;

namespace HealthGateway.Api.Diagnostics;

/// <summary>Whether a message the probe's socket received is the event it waits for, and if not, what is wrong with it.</summary>
internal static class ProbeFrameCheck
{
    /// <summary>Returns what is wrong with the message that arrived in place of event <paramref name="index"/>, or null.</summary>
    public static string? Check(ReadOnlySpan<byte> json, int index, string user, string runId)
    {
        var expected = AgentEventTypes.InRunOrder[index];
        ProbeFrame? frame;
        try
        {
            frame = JsonSerializer.Deserialize(json, DiagnosticsJsonContext.Default.ProbeFrame);
        }
        catch (JsonException)
        {
            return $"a message that is not a JSON event arrived instead of {expected}";
        }

        if (frame is null)
        {
            return $"a null message arrived instead of {expected}";
        }

        if (frame.Type != expected)
        {
            var arrivedIndex = AgentEventTypes.RunPosition(frame.Type);
            return arrivedIndex switch
            {
                < 0 => $"unexpected message type '{frame.Type}' arrived instead of {expected}",
                _ when arrivedIndex < index => $"duplicate {frame.Type} arrived instead of {expected}",
                _ => $"out of order: {frame.Type} arrived before {expected}",
            };
        }

        if (frame.User != user)
        {
            return $"wrong user '{frame.User}' (expected '{user}')";
        }

        if (frame.RunId != runId)
        {
            return $"wrong runId '{frame.RunId}' (expected '{runId}')";
        }

        return frame.Sequence != index + 1 ? $"wrong sequence {frame.Sequence} (expected {index + 1})" : null;
    }

}
