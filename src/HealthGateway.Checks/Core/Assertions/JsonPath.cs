using System.Globalization;
using System.Text.Json;

namespace HealthGateway.Checks.Core.Assertions;

/// <summary>
/// A path into a JSON document as <c>ExpectJson</c> writes it: property names joined by dots, <c>[n]</c> for an
/// array index (<c>checks[0].ready</c>), and the text form a value is compared in.
/// </summary>
public sealed class JsonPath
{
    private readonly IReadOnlyList<object> _segments;

    private JsonPath(string text, IReadOnlyList<object> segments)
    {
        Text = text;
        _segments = segments;
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; null when it is not a path such as <c>checks[0].ready</c>.</summary>
    public static JsonPath? TryParse(string text)
    {
        var segments = new List<object>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0 || !int.TryParse(text.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    return null;
                }

                segments.Add(index);
                i = close + 1;
                if (i < text.Length && text[i] == '.')
                {
                    i++;
                    if (i == text.Length)
                    {
                        return null;
                    }
                }
                else if (i < text.Length && text[i] != '[')
                {
                    return null;
                }

                continue;
            }

            var end = text.IndexOfAny(['.', '['], i);
            var name = end < 0 ? text[i..] : text[i..end];
            if (name.Length == 0 || name.Contains(']', StringComparison.Ordinal))
            {
                return null;
            }

            segments.Add(name);
            i = end < 0 ? text.Length : end;
            if (i < text.Length && text[i] == '.')
            {
                i++;
                if (i == text.Length)
                {
                    return null;
                }
            }
        }

        return segments.Count == 0 ? null : new JsonPath(text, segments);
    }

    /// <summary>The value at this path in <paramref name="root"/>, or null when a step is missing.</summary>
    public JsonElement? Find(JsonElement root)
    {
        var current = root;
        foreach (var segment in _segments)
        {
            switch (segment)
            {
                case string name when current.ValueKind == JsonValueKind.Object && current.TryGetProperty(name, out var child):
                    current = child;
                    break;
                case int index when current.ValueKind == JsonValueKind.Array && index < current.GetArrayLength():
                    current = current[index];
                    break;
                default:
                    return null;
            }
        }

        return current;
    }

    /// <summary>
    /// A value's text form for comparison: strings unquoted, <c>true</c>/<c>false</c>, numbers as written,
    /// <c>null</c>, and objects or arrays as their JSON.
    /// </summary>
    public static string TextOf(JsonElement value) => TryTextOf(value) ?? value.GetRawText();

    /// <summary>
    /// <see cref="TextOf"/>, or null for a string that is no text: an escaped lone surrogate (<c>"\ud800"</c>) is
    /// valid JSON, and .NET refuses to read it as a string.
    /// </summary>
    public static string? TryTextOf(JsonElement value)
    {
        try
        {
            return TextOfCore(value);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string TextOfCore(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };
}
