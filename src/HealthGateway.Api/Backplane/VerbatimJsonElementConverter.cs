using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthGateway.Api.Backplane;

/// <summary>
/// Writes a <see cref="JsonElement"/> as the JSON text it was parsed from instead of re-encoding its strings, so
/// the data of an event from <c>POST /events</c> reaches Redis no larger than the producer sent it: even the
/// relaxed encoder writes a character outside the BMP as a 12-byte surrogate pair escape.
/// </summary>
internal sealed class VerbatimJsonElementConverter : JsonConverter<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonElement.ParseValue(ref reader);

    // A parsed element is valid JSON: no need to check it again.
    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) =>
        writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
}
