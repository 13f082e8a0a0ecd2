using System.Text.Json;
using System.Text.Json.Serialization;

namespace HealthGateway.Api.Diagnostics;

/// <summary>Source-generated JSON for the notifier self-check: its report, the frames it reads and the data it sends.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(NotifierDiagnosticsReport))]
[JsonSerializable(typeof(ProbeFrame))]
[JsonSerializable(typeof(ProbeStepData))]
internal sealed partial class DiagnosticsJsonContext : JsonSerializerContext;
