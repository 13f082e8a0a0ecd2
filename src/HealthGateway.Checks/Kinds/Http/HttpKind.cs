using HealthGateway.Checks.Core.Failures;
using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Core.Proxies;
using HealthGateway.Checks.Core.Targets;
using Microsoft.Extensions.Configuration;

namespace HealthGateway.Checks.Kinds.Http;

/// <summary><c>http</c>: GET a URL and expect one of the expected status codes.</summary>
public sealed class HttpKind : ServiceKind<HttpServiceOptions>
{
    /// <inheritdoc />
    public override string Name => "http";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SecretSettings => [nameof(HttpServiceOptions.Headers), nameof(HttpServiceOptions.Proxy)];

    /// <summary>The HttpClient's own resilience handler retries; the runner must not multiply it.</summary>
    public override bool RetriesItself => true;

    /// <inheritdoc />
    public override string? Describe(Exception exception, string suffix, Func<Exception, string?> describe) => exception switch
    {
        HttpRequestException http => (http.InnerException is { } inner ? describe(inner) : null) ?? http.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => $"host not found{suffix}",
            HttpRequestError.ConnectionError => $"connection failed{suffix}",
            HttpRequestError.SecureConnectionError => $"TLS handshake failed{suffix}",
            HttpRequestError.InvalidResponse => $"invalid HTTP response{suffix}",
            HttpRequestError.ResponseEnded => $"connection closed before a complete response{suffix}",
            _ => $"HTTP request failed: {FailureText.FirstLine(http.Message)}{suffix}",
        },
        _ => null,
    };

    /// <inheritdoc />
    protected override void Bind(IConfigurationSection service, HttpServiceOptions options) => service.Bind(options);

    /// <inheritdoc />
    protected override string? ReadTarget(HttpServiceOptions options, Action<string, string> problem)
    {
        var url = UrlTarget.TryParse(options.Url, ["http", "https"], problem);
        HeaderRules.Check(options.Headers, problem);
        options.CheckTls(problem);
        HttpReach.Check(options.Proxy, options.OAuth2, problem, options.Headers);

        HttpExpectations.Read(options.ExpectBody, options.ExpectJson, options.ExpectHeaders, problem);
        if (!ExpectedStatusCodes.TryParse(options.ExpectedStatusCodes, out _))
        {
            problem(nameof(options.ExpectedStatusCodes), $"{ConfigurationText.Quote(options.ExpectedStatusCodes)} is not a list of codes or ranges such as 200-299,401");
        }

        return url is null ? null : UrlTarget.Safe(url);
    }

    /// <inheritdoc />
    protected override OwnedCheck Create(ServiceDefinition definition, HttpServiceOptions options, CheckServices services)
    {
        ExpectedStatusCodes.TryParse(options.ExpectedStatusCodes, out var codes);
        return HttpCheckCreation.Create(new HttpHealthCheckOptions
        {
            Url = new Uri(options.Url!),
            ExpectedStatusCodes = codes,
            Headers = options.Headers,
            Expectations = HttpExpectations.Read(options.ExpectBody, options.ExpectJson, options.ExpectHeaders, (_, _) => { }) ?? HttpExpectations.None,
            Timeout = definition.Timeout,
            Retries = definition.Retries,
            RetryDelay = definition.RetryDelay,
            Certificates = options.Url!.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? options.ToCertificateOptions() : null,
            Proxy = ProxyRoute.For(options.Proxy),
            OAuth2 = options.OAuth2,
        }, services);
    }

    /// <inheritdoc />
    protected override IEnumerable<string> Secrets(HttpServiceOptions options) => HttpReach.Secrets(options.Url, options.Proxy, options.OAuth2, options.Headers);
}
