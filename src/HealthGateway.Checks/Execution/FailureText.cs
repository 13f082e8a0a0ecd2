namespace HealthGateway.Checks.Execution;

/// <summary>Helpers for writing failure descriptions.</summary>
public static class FailureText
{
    /// <summary>The first line of <paramref name="message"/>, trimmed and cut to 200 characters: never a stack trace.</summary>
    public static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
