using System.Globalization;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;

namespace HealthGateway.Api.Telemetry;

/// <summary>
/// The standard OpenTelemetry variables the gateway honours, read from configuration (so environment variables,
/// the usual place, work, and so does <c>--OTEL_EXPORTER_OTLP_ENDPOINT=…</c>). A bad value stops the gateway at
/// start with one line naming the variable.
/// </summary>
/// <param name="Endpoint">The collector's base URL; signal paths (<c>/v1/traces</c>, <c>/v1/metrics</c>) are added for http/protobuf.</param>
/// <param name="Protocol">grpc (the .NET default) or http/protobuf.</param>
/// <param name="ServiceName">The <c>service.name</c> resource attribute (default <c>healthgateway</c>).</param>
/// <param name="MetricExportInterval">How often metrics are pushed (default 60 s).</param>
public sealed record OtlpSettings(Uri Endpoint, OtlpExportProtocol Protocol, string ServiceName, TimeSpan MetricExportInterval)
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ProtocolKey = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string ServiceNameKey = "OTEL_SERVICE_NAME";
    public const string MetricExportIntervalKey = "OTEL_METRIC_EXPORT_INTERVAL";

    /// <summary>The service name when <c>OTEL_SERVICE_NAME</c> is not set.</summary>
    public const string DefaultServiceName = "healthgateway";

    /// <summary>The settings, or null when no endpoint is configured: then nothing is exported at all.</summary>
    /// <exception cref="OptionsValidationException">A variable is set to something unusable.</exception>
    public static OtlpSettings? From(IConfiguration configuration)
    {
        var endpoint = configuration[EndpointKey];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }

        if (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw Invalid($"{EndpointKey}: '{endpoint}' is not an http:// or https:// URL");
        }

        var protocol = configuration[ProtocolKey]?.Trim() switch
        {
            null or "" or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            var other => throw Invalid($"{ProtocolKey}: '{other}' is not supported; expected grpc or http/protobuf"),
        };

        var interval = TimeSpan.FromMinutes(1);
        if (configuration[MetricExportIntervalKey] is { Length: > 0 } text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) || milliseconds <= 0)
            {
                throw Invalid($"{MetricExportIntervalKey}: '{text}' is not a positive whole number of milliseconds");
            }

            interval = TimeSpan.FromMilliseconds(milliseconds);
        }

        var serviceName = configuration[ServiceNameKey] is { Length: > 0 } name ? name.Trim() : DefaultServiceName;
        return new OtlpSettings(uri, protocol, serviceName, interval);
    }

    /// <summary>Where one signal goes: the base URL for gRPC, the base URL plus the signal's path for HTTP.</summary>
    public Uri SignalEndpoint(string path) =>
        Protocol == OtlpExportProtocol.Grpc ? Endpoint : new Uri(Endpoint.AbsoluteUri.TrimEnd('/') + path);

    private static OptionsValidationException Invalid(string failure) =>
        new("OpenTelemetry", typeof(OtlpSettings), [failure]);
}
