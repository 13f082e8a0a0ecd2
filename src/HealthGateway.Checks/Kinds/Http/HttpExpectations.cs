using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using HealthGateway.Checks.Core.Assertions;

namespace HealthGateway.Checks.Kinds.Http;

/// <summary>
/// What an http service's answer must say besides its status code: <c>ExpectBody</c> (a regular expression),
/// <c>ExpectJson</c> (path → value as text) and <c>ExpectHeaders</c> (name → text the value contains). A failure
/// names the assertion and what was seen: <c>status was "DOWN", expected "UP"</c>.
/// </summary>
public sealed class HttpExpectations
{
    /// <summary>How much of a body is read for <c>ExpectBody</c> and <c>ExpectJson</c>.</summary>
    public const int BodyLimit = 64 * 1024;

    /// <summary>How long one regular expression may run over a body, so a pathological pattern cannot hang a check.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>How deep a JSON body may nest for <c>ExpectJson</c>; deeper ones are described as such, not as "not JSON".</summary>
    public const int MaxJsonDepth = 256;

    /// <summary>No assertions: the status code alone decides.</summary>
    public static HttpExpectations None { get; } = new(null, [], new Dictionary<string, string>());

    private readonly Regex? _body;
    private readonly IReadOnlyList<(JsonPath Path, string Expected)> _json;
    private readonly IReadOnlyDictionary<string, string> _headers;

    private HttpExpectations(Regex? body, IReadOnlyList<(JsonPath, string)> json, IReadOnlyDictionary<string, string> headers)
    {
        _body = body;
        _json = json;
        _headers = headers;
    }

    /// <summary>True when an assertion needs the body.</summary>
    public bool ReadsBody => _body is not null || _json.Count > 0;

    /// <summary>
    /// Validates the settings at start, reporting each problem as (field, message), and returns the assertions,
    /// or null when one is unusable.
    /// </summary>
    public static HttpExpectations? Read(string? expectBody, IReadOnlyDictionary<string, string> expectJson,
        IReadOnlyDictionary<string, string> expectHeaders, Action<string, string> problem)
    {
        var valid = true;
        Regex? body = null;
        if (expectBody is not null)
        {
            try
            {
                body = new Regex(expectBody, RegexOptions.CultureInvariant, MatchTimeout);
            }
            catch (ArgumentException exception)
            {
                problem("ExpectBody", $"is not a valid .NET regular expression: {AssertionText.Shorten(exception.Message, 200)}");
                valid = false;
            }
        }

        var json = new List<(JsonPath, string)>();
        // In path order, so a description lists its failures the same way every time.
        foreach (var (text, expected) in expectJson.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (JsonPath.TryParse(text) is { } path)
            {
                json.Add((path, expected));
            }
            else
            {
                problem($"ExpectJson:{text}", "is not a path such as status or checks[0].ready");
                valid = false;
            }
        }

        foreach (var (name, _) in expectHeaders)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Any(c => c <= ' ' || c == ':' || c > '~'))
            {
                problem($"ExpectHeaders:{name}", "is not a header name");
                valid = false;
            }
        }

        return valid ? new HttpExpectations(body, json, expectHeaders) : null;
    }

    /// <summary>Judges the response in <paramref name="recording"/>; null when every assertion holds, else what failed.</summary>
    /// <param name="recording">The response as the recorder kept it.</param>
    /// <param name="redact">Masks secrets in what the target sent before it is shortened and quoted.</param>
    public string? Judge(HttpResponseRecorder.Recording recording, Func<string, string>? redact = null)
    {
        var failures = new List<string>();
        foreach (var (name, expected) in _headers.OrderBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase))
        {
            if (!recording.Headers.TryGetValue(name, out var value))
            {
                failures.Add($"header {name} is missing, expected to contain {AssertionText.Quote(expected)}");
            }
            else if (!value.Contains(expected, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"header {name} was {AssertionText.Quote(value, redact)}, expected to contain {AssertionText.Quote(expected)}");
            }
        }

        if (ReadsBody)
        {
            JudgeBody(recording, failures, redact);
        }

        return failures.Count == 0 ? null : string.Join("; ", failures);
    }

    private void JudgeBody(HttpResponseRecorder.Recording recording, List<string> failures, Func<string, string>? redact)
    {
        var (text, charSetNote) = Decode(recording);
        var cut = (recording.BodyTruncated ? $" (only the first {BodyLimit / 1024} KiB of the body were read)" : string.Empty) + charSetNote;
        if (_body is not null)
        {
            try
            {
                if (!_body.IsMatch(text))
                {
                    failures.Add($"body did not match /{AssertionText.Shorten(_body.ToString())}/{cut}");
                }
            }
            catch (RegexMatchTimeoutException)
            {
                failures.Add($"body match gave up after {MatchTimeout.TotalMilliseconds:0} ms: /{AssertionText.Shorten(_body.ToString())}/{cut}");
            }
        }

        if (_json.Count == 0)
        {
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = MaxJsonDepth });
        }
        catch (JsonException)
        {
            failures.Add(IsTooDeep(text) ? $"body is JSON nested deeper than {MaxJsonDepth} levels, more than ExpectJson reads{cut}" : $"body is not JSON{cut}");
            return;
        }

        using (document)
        {
            foreach (var (path, expected) in _json)
            {
                if (path.Find(document.RootElement) is not { } value)
                {
                    failures.Add($"{AssertionText.Shorten(path.Text)} is missing, expected {AssertionText.Quote(expected)}{charSetNote}");
                }
                else if (JsonPath.TryTextOf(value) is not { } seen)
                {
                    // "\ud800" alone is valid JSON but no text: .NET would throw "Cannot read incomplete UTF-16 JSON text".
                    failures.Add($"{AssertionText.Shorten(path.Text)} was {AssertionText.Shorten(value.GetRawText())}, a string with a lone UTF-16 surrogate (not valid text), expected {AssertionText.Quote(expected)}");
                }
                else if (!string.Equals(seen, expected, StringComparison.Ordinal))
                {
                    failures.Add($"{AssertionText.Shorten(path.Text)} was {AssertionText.Quote(seen, redact)}, expected {AssertionText.Quote(expected)}{charSetNote}");
                }
            }
        }
    }

    // Whether a body JsonDocument refused is valid JSON nested too deep, rather than not JSON at all: read it again
    // with no practical depth limit (the body is at most 64 KiB, and this runs only after a refusal). Valid JSON
    // that JsonDocument refused can only have been refused for its depth.
    private static bool IsTooDeep(string text)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { MaxDepth = BodyLimit + 1 });
        try
        {
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // The body as text in its declared charset, without a byte order mark. A charset .NET does not know, or has
    // disabled (UTF-7, SYSLIB0001), is read as UTF-8 (the web's default, which reads ASCII the same) and the note
    // says so in any failure.
    private static (string Text, string CharSetNote) Decode(HttpResponseRecorder.Recording recording)
    {
        var encoding = Encoding.UTF8;
        var note = string.Empty;
        if (recording.CharSet is { Length: > 0 } charSet)
        {
            var name = charSet.Trim('"');
            try
            {
                encoding = Encoding.GetEncoding(name);
            }
            catch (Exception exception) when (exception is ArgumentException or NotSupportedException)
            {
                note = $" (charset {AssertionText.Quote(name)} is not supported; the body was read as UTF-8)";
            }
        }

        var text = encoding.GetString(recording.Body.Span);
        return (text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text, note);
    }
}
