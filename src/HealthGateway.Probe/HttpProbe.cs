namespace HealthGateway.Probe;

/// <summary>The probe itself: connect, GET, and turn what came back (or did not) into an exit code and one line.</summary>
internal static class HttpProbe
{
    public static ProbeOutcome Run(ProbeArguments arguments)
    {
        var url = arguments.Url;
        var deadline = new Deadline(arguments.Timeout);
        using var socket = ProbeConnection.Connect(url, deadline, arguments.TimeoutText, out var connectFailure);
        if (socket is null)
        {
            return new ProbeOutcome(ProbeExitCodes.NoAnswer, $"{url.Shown}: {connectFailure}");
        }

        var exchange = new HttpExchange(socket, deadline, arguments.TimeoutText);
        if (!exchange.TrySend(url, arguments.Verbose))
        {
            return new ProbeOutcome(ProbeExitCodes.NoAnswer, $"{url.Shown}: the request could not be sent within {arguments.TimeoutText}");
        }

        if (exchange.ReadStatusLine(out var failure) is not { } status)
        {
            return new ProbeOutcome(ProbeExitCodes.NoAnswer, $"{url.Shown}: {failure}");
        }

        var line = $"{url.Shown}: {status}";
        if (arguments.Verbose)
        {
            var body = exchange.ReadBody();
            line += body is null ? " (the body did not arrive whole)"
                : ReadinessSummary.Describe(body) is { } summary ? $"; {summary}" : string.Empty;
        }

        if (arguments.Expect is { } expected && status.Code != expected)
        {
            line += $" (expected {expected})";
        }

        return new ProbeOutcome(arguments.IsUp(status.Code) ? ProbeExitCodes.Up : ProbeExitCodes.Down, line);
    }
}
