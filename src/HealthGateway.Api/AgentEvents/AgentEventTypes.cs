namespace HealthGateway.Api.AgentEvents;

/// <summary>The agent events a client sees while an agent works, in the order a run emits them.</summary>
public static class AgentEventTypes
{
    public const string AgentStarted = "agent_started";
    public const string AgentThinking = "agent_thinking";
    public const string ToolExecuting = "tool_executing";
    public const string ToolCompleted = "tool_completed";
    public const string AgentCompleted = "agent_completed";

    /// <summary>The five types in run order; the diagnostics probe drives exactly this sequence.</summary>
    public static IReadOnlyList<string> InRunOrder { get; } =
        [AgentStarted, AgentThinking, ToolExecuting, ToolCompleted, AgentCompleted];

    /// <summary>Zero-based position of <paramref name="type"/> in <see cref="InRunOrder"/>, or -1 for anything else.</summary>
    public static int RunPosition(string? type)
    {
        for (var index = 0; index < InRunOrder.Count; index++)
        {
            if (InRunOrder[index] == type)
            {
                return index;
            }
        }

        return -1;
    }
}
