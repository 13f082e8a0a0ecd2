using System.Globalization;

namespace HealthGateway.Probe;

/// <summary>
/// <c>healthgateway-probe URL [--timeout 3s] [--expect 200] [--verbose]</c>, parsed by hand: a command-line library
/// would cost more than the rest of the probe.
/// </summary>
/// <param name="Url">What to GET.</param>
/// <param name="Timeout">For the whole exchange: resolving, connecting, sending and reading the answer.</param>
/// <param name="Expect">The one status that counts as up; null for any 2xx.</param>
/// <param name="Verbose">Also read the body and name the report's <c>unavailableServices</c>.</param>
internal sealed record ProbeArguments(ProbeUrl Url, TimeSpan Timeout, int? Expect, bool Verbose)
{
    public const string Usage = "usage: healthgateway-probe URL [--timeout 3s] [--expect 200] [--verbose]";

    private static readonly TimeSpan s_defaultTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan s_maxTimeout = TimeSpan.FromHours(1);

    /// <summary>Parses the command line; on failure, <paramref name="error"/> is the line to print.</summary>
    public static ProbeArguments? TryParse(string[] args, out string error)
    {
        error = string.Empty;
        string? url = null;
        var timeout = s_defaultTimeout;
        int? expect = null;
        var verbose = false;
        for (var i = 0; i < args.Length; i++)
        {
            var (name, inline) = SplitOption(args[i]);
            switch (name)
            {
                case "--verbose" or "-v" when inline is null:
                    verbose = true;
                    break;
                case "--timeout":
                    if (!TryTakeValue(args, ref i, inline, out var timeoutText) || !TryParseTimeout(timeoutText, out timeout))
                    {
                        error = $"--timeout takes a duration such as 3s, 500ms or 1m (at most 1h); got '{Printable.Clip(timeoutText ?? string.Empty)}'";
                        return null;
                    }

                    break;
                case "--expect":
                    if (!TryTakeValue(args, ref i, inline, out var expectText)
                        || !int.TryParse(expectText, NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code is < 100 or > 599)
                    {
                        error = $"--expect takes an HTTP status code (100-599); got '{Printable.Clip(expectText ?? string.Empty)}'";
                        return null;
                    }

                    expect = code;
                    break;
                default:
                    if (args[i].StartsWith('-') || url is not null)
                    {
                        error = $"unexpected argument '{Printable.Clip(args[i])}'; {Usage}";
                        return null;
                    }

                    url = args[i];
                    break;
            }
        }

        if (url is null)
        {
            error = Usage;
            return null;
        }

        var parsed = ProbeUrl.TryParse(url, out error);
        return parsed is null ? null : new ProbeArguments(parsed, timeout, expect, verbose);
    }

    /// <summary>Whether a status means up: the expected one, or any 2xx when none is expected.</summary>
    public bool IsUp(int status) => Expect is { } expected ? status == expected : status is >= 200 and <= 299;

    /// <summary>"2 s", "1.5 s", "500 ms": how the timeout is printed.</summary>
    public string TimeoutText => Timeout.TotalMilliseconds < 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{Timeout.TotalMilliseconds:0} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{Timeout.TotalSeconds:0.###} s");

    private static (string Name, string? Inline) SplitOption(string argument)
    {
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        return argument.StartsWith("--", StringComparison.Ordinal) && equals > 0
            ? (argument[..equals], argument[(equals + 1)..])
            : (argument, null);
    }

    private static bool TryTakeValue(string[] args, ref int i, string? inline, out string? value)
    {
        if (inline is not null)
        {
            value = inline;
            return true;
        }

        value = i + 1 < args.Length ? args[++i] : null;
        return value is not null;
    }

    /// <summary>A number with a unit (ms, s, m, h), or bare seconds as the gateway's <c>probe --timeout 3</c> takes.</summary>
    private static bool TryParseTimeout(string? text, out TimeSpan timeout)
    {
        timeout = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var (number, unit) = text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (text[..^2], 0.001)
            : text.EndsWith('s') || text.EndsWith('S') ? (text[..^1], 1.0)
            : text.EndsWith('m') || text.EndsWith('M') ? (text[..^1], 60.0)
            : text.EndsWith('h') || text.EndsWith('H') ? (text[..^1], 3600.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        timeout = TimeSpan.FromSeconds(value * unit);
        return timeout > TimeSpan.Zero && timeout <= s_maxTimeout;
    }
}
