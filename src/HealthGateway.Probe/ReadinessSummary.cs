using System.Text;
using System.Text.Json;

namespace HealthGateway.Probe;

/// <summary>
/// What <c>--verbose</c> adds from a body that is the gateway's readiness report: its <c>unavailableServices</c>.
/// Read with the forward-only JSON reader, no serializer: nothing here binds types by reflection.
/// </summary>
internal static class ReadinessSummary
{
    /// <summary>"unavailable: redis, database" (or "none"); null when the body is not a report.</summary>
    public static string? Describe(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals("unavailableServices"u8))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }

                reader.Read();
                return reader.TokenType == JsonTokenType.StartArray ? Names(ref reader) : null;
            }
        }
        catch (JsonException)
        {
            // Not JSON (or cut short): not the gateway's report.
        }

        return null;
    }

    private static string? Names(ref Utf8JsonReader reader)
    {
        var names = new StringBuilder();
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            names.Append(names.Length == 0 ? string.Empty : ", ").Append(Printable.Clip(reader.GetString() ?? string.Empty));
        }

        return reader.TokenType != JsonTokenType.EndArray ? null
            : names.Length == 0 ? "unavailable: none" : $"unavailable: {names}";
    }
}
