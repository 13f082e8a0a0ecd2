using System.Security.Authentication;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using HealthGateway.Checks.Core.Failures;
using HealthGateway.Checks.Core.OAuth2;
using HealthGateway.Checks.Kinds.Tls;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace HealthGateway.Checks.Kinds.Grpc;

/// <summary>
/// Asks the standard gRPC health service (<c>grpc.health.v1.Health/Check</c>) about the server or one service.
/// SERVING is Healthy; NOT_SERVING, UNKNOWN, NOT_FOUND (the server does not know the service) and UNIMPLEMENTED
/// (the server has no health service) fail with that word in the description. One channel per check, reused.
/// </summary>
public sealed class GrpcHealthCheck : IHealthCheck, IDisposable
{
    private readonly GrpcHealthCheckOptions _options;
    private readonly TimeProvider _time;
    private readonly GrpcChannel _channel;
    private readonly Health.HealthClient _client;
    private readonly TokenSource? _tokens;

    /// <summary>Creates the check and its channel (HTTP/2, connect timeout = the check's budget).</summary>
    public GrpcHealthCheck(GrpcHealthCheckOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.Timeout,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        };
        if (options.Certificates is { } certificates)
        {
            certificates.Apply(handler.SslOptions);
        }

        options.Proxy.ApplyAsTunnel(handler);
        _tokens = options.OAuth2 is { } oauth2 ? new TokenSource(oauth2, options.Proxy, time, options.Timeout) : null;

        _channel = GrpcChannel.ForAddress(options.Url, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        _client = new Health.HealthClient(_channel);
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        using var budget = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var asked = _options.GrpcService.Length == 0 ? "server" : $"service '{_options.GrpcService}'";
        HealthCheckResponse response;
        var requestsBefore = _options.Certificates?.ClientCertificateRequests ?? 0;
        try
        {
            response = await AskAsync(linked.Token);
        }
        catch (TokenEndpointException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, exception.Message);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var description = budget.IsCancellationRequested
                ? $"timed out after {Durations.Format(_options.Timeout)} ({_options.Target})"
                : CertificateFailure(exception) ?? MissingClientCertificate(requestsBefore)
                    ?? (_options.Proxy.Describe(exception, _options.Url) is { } viaProxy ? $"{viaProxy} ({_options.Target})" : null)
                    ?? Describe(exception, _options.Target, _options.GrpcService);
            return new HealthCheckResult(context.Registration.FailureStatus, description, exception: null, CertificateData());
        }

        var elapsed = Durations.Millis(_time.GetElapsedTime(started));
        var certificate = _options.Certificates?.LastInspection;
        return response.Status switch
        {
            ServingStatus.Serving when certificate is { Status: HealthStatus.Degraded or HealthStatus.Unhealthy } =>
                new HealthCheckResult(certificate.Status == HealthStatus.Unhealthy ? context.Registration.FailureStatus : HealthStatus.Degraded,
                    $"SERVING in {elapsed}; {certificate.Description}", data: certificate.ToData()),
            ServingStatus.Serving => HealthCheckResult.Healthy(
                certificate?.Description is { } note ? $"SERVING in {elapsed}; {note}" : $"SERVING in {elapsed}", CertificateData()),
            _ => new HealthCheckResult(context.Registration.FailureStatus,
                $"{asked} is {StatusWord(response.Status)} ({_options.Target})", data: CertificateData()),
        };
    }

    /// <summary>Describes a failed health call against <paramref name="target"/> in words: gRPC status codes by name.</summary>
    public static string Describe(Exception exception, string target, string grpcService = "")
    {
        var suffix = $" ({target})";
        if (NotGrpc(exception) is { } notGrpc)
        {
            return $"not a gRPC server ({notGrpc}){suffix}";
        }

        return exception switch
        {
            RpcException { StatusCode: StatusCode.NotFound } =>
                $"NOT_FOUND: the health service does not know service '{grpcService}'{suffix}",
            RpcException { StatusCode: StatusCode.Unimplemented } =>
                $"UNIMPLEMENTED: the server has no gRPC health service (grpc.health.v1.Health){suffix}",
            RpcException { StatusCode: StatusCode.DeadlineExceeded } => $"timed out{suffix}",
            RpcException { StatusCode: StatusCode.Unauthenticated } => $"UNAUTHENTICATED: the server refused the call{suffix}",
            RpcException { StatusCode: StatusCode.PermissionDenied } => $"PERMISSION_DENIED: the server refused the call{suffix}",
            RpcException { StatusCode: StatusCode.Unavailable, InnerException: { } inner } => FailureDescriber.Describe(inner, target),
            RpcException { StatusCode: StatusCode.Unavailable } rpc => $"UNAVAILABLE: {FirstLine(rpc.Status.Detail)}{suffix}",
            RpcException { StatusCode: StatusCode.Internal } rpc when rpc.Status.DebugException is { } inner => FailureDescriber.Describe(inner, target),
            RpcException rpc => $"{StatusCodeWord(rpc.StatusCode)}: {FirstLine(rpc.Status.Detail)}{suffix}",
            _ => FailureDescriber.Describe(exception, target),
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _channel.Dispose();
        _tokens?.Dispose();
    }

    // The health call, with the service's token as Bearer when it has OAuth2; UNAUTHENTICATED then gets one new token
    // and one more call, as a revoked or early-expired token should not fail the check.
    private async Task<HealthCheckResponse> AskAsync(CancellationToken cancellationToken)
    {
        var request = new HealthCheckRequest { Service = _options.GrpcService };
        if (_tokens is null)
        {
            return await _client.CheckAsync(request, cancellationToken: cancellationToken);
        }

        var token = await _tokens.GetAsync(cancellationToken);
        try
        {
            return await _client.CheckAsync(request, Bearer(token), cancellationToken: cancellationToken);
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.Unauthenticated)
        {
            token = await _tokens.RenewAsync(token, cancellationToken);
            return await _client.CheckAsync(request, Bearer(token), cancellationToken: cancellationToken);
        }

        static Metadata Bearer(string token) => [new Metadata.Entry("authorization", $"Bearer {token}")];
    }

    private string? MissingClientCertificate(int requestsBefore) =>
        _options.Certificates is { HasClientCertificate: false } certificates && certificates.ClientCertificateRequests != requestsBefore
            ? $"{CertificateInspector.NoClientCertificate} ({_options.Target})"
            : null;

    // A peer that is no HTTP/2 server, told apart by what the HTTP client ran into: the connection closed before the
    // HTTP/2 handshake finished (SocketsHttpHandler then says ObjectDisposedException, which is no reload), or
    // HTTP/1.1 bytes where the HTTP/2 preface was expected (PROTOCOL_ERROR).
    private static string? NotGrpc(Exception exception)
    {
        var chain = new List<Exception>();
        var pending = new Stack<Exception>([exception]);
        while (chain.Count < 16 && pending.TryPop(out var current))
        {
            chain.Add(current);
            if (current is RpcException { Status.DebugException: { } debug })
            {
                pending.Push(debug);
            }

            if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }

        if (chain.Any(e => e is IOException { InnerException: ObjectDisposedException or EndOfStreamException }))
        {
            return "the connection was closed at once";
        }

        // Kestrel on an HTTP/1.1-only port closes the connection when it reads the HTTP/2 preface: the client then
        // says only that the HTTP/2 handshake did not complete.
        return chain.Any(e => e is HttpProtocolException { ErrorCode: 1 } or HttpRequestException { HttpRequestError: HttpRequestError.HttpProtocolError }
                || e is HttpRequestException or IOException && e.Message.Contains("HTTP/2 handshake", StringComparison.Ordinal))
            ? "it does not speak HTTP/2: an HTTP/1.1 server, or a TLS port that needs https://"
            : null;
    }

    private string? CertificateFailure(Exception exception) =>
        _options.Certificates?.LastInspection is { Accept: false } rejected && HasTlsFailure(exception) ? rejected.Description + $" ({_options.Target})" : null;

    private IReadOnlyDictionary<string, object> CertificateData() =>
        _options.Certificates?.LastInspection?.ToData() ?? new Dictionary<string, object>();

    private static bool HasTlsFailure(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 8; depth++, exception = exception.InnerException)
        {
            if (exception is AuthenticationException or HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError })
            {
                return true;
            }

            if (exception is RpcException rpc && rpc.Status.DebugException is { } debug && HasTlsFailure(debug))
            {
                return true;
            }
        }

        return false;
    }

    private static string StatusWord(ServingStatus status) => status switch
    {
        ServingStatus.NotServing => "NOT_SERVING",
        ServingStatus.Unknown => "UNKNOWN",
        ServingStatus.ServiceUnknown => "SERVICE_UNKNOWN",
        _ => status.ToString().ToUpperInvariant(),
    };

    // StatusCode.DeadlineExceeded → DEADLINE_EXCEEDED, as gRPC itself spells them.
    private static string StatusCodeWord(StatusCode code) =>
        string.Concat(code.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));

    private static string FirstLine(string? message)
    {
        var line = (message ?? string.Empty).Split('\n', 2)[0].Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
