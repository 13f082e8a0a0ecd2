namespace HealthGateway.Checks.Core.Targets;

/// <summary>Validation of configured request headers, shared by the kinds that send them (http, websocket).</summary>
public static class HeaderRules
{
    /// <summary>Reports each header with an invalid name or a value that would break the request.</summary>
    public static void Check(IReadOnlyDictionary<string, string> headers, Action<string, string> problem)
    {
        foreach (var (header, value) in headers)
        {
            if (!HttpToken.IsValid(header))
            {
                problem($"Headers:{header}", "is not a valid HTTP header name");
            }
            else if (value.Any(c => c is '\r' or '\n' or '\0'))
            {
                // The value itself is never echoed: headers often carry credentials.
                problem($"Headers:{header}", "value contains a line break or NUL");
            }
        }
    }
}
