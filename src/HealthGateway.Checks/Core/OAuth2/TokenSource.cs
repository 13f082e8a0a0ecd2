using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HealthGateway.Checks.Core.Failures;
using HealthGateway.Checks.Core.Proxies;
using HealthGateway.Checks.Core.Targets;

namespace HealthGateway.Checks.Core.OAuth2;

/// <summary>
/// One service's OAuth2 client credentials: fetches an access token from the token endpoint (a form POST of
/// <c>grant_type=client_credentials</c>, the client authenticated with HTTP Basic as RFC 6749 requires every server to
/// accept), keeps it until shortly before <c>expires_in</c>, and fetches a new one when the target refuses the one it
/// has. Checks of one service share it; concurrent callers wait for one request. The token and the secret stay here.
/// </summary>
public sealed class TokenSource : IDisposable
{
    /// <summary>The most a token is renewed ahead of its expiry; a short-lived one is renewed at 90 % of its life.</summary>
    public static readonly TimeSpan MaxRenewalMargin = TimeSpan.FromSeconds(60);

    private readonly OAuth2Settings _settings;
    private readonly TimeProvider _time;
    private readonly HttpClient _client;
    private readonly Uri _tokenUrl;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Token? _token;

    /// <summary>Creates the source and its own HTTP client, which goes through <paramref name="proxy"/> as the check does.</summary>
    public TokenSource(OAuth2Settings settings, ProxyRoute proxy, TimeProvider time, TimeSpan connectTimeout)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(proxy);
        _settings = settings;
        _time = time;
        _tokenUrl = new Uri(settings.TokenUrl!);
        Proxy = proxy;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            AllowAutoRedirect = false,
            UseCookies = false,
        };
        proxy.Apply(handler);
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The token endpoint as it may be shown.</summary>
    public string Target => UrlTarget.Safe(_tokenUrl);

    /// <summary>The route the token request takes.</summary>
    public ProxyRoute Proxy { get; }

    /// <summary>The cached token while it is fresh, else a new one.</summary>
    /// <exception cref="TokenEndpointException">The endpoint gave no token; the message says why.</exception>
    public async ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return Fresh() ?? (_token = await RequestAsync(cancellationToken)).Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A new token in place of <paramref name="refused"/>, which the target answered 401 to; when another caller has
    /// already replaced it, that newer token, so one refusal costs one request.
    /// </summary>
    public async ValueTask<string> RenewAsync(string refused, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Volatile.Read(ref _token) is { } current && current.Value != refused && current.RenewAt > _time.GetUtcNow())
            {
                return current.Value;
            }

            return (_token = await RequestAsync(cancellationToken)).Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _client.Dispose();
        _gate.Dispose();
    }

    private string? Fresh() => Volatile.Read(ref _token) is { } token && token.RenewAt > _time.GetUtcNow() ? token.Value : null;

    private async Task<Token> RequestAsync(CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (_settings.Scopes.Count > 0)
        {
            form.Add(new("scope", string.Join(' ', _settings.Scopes)));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _tokenUrl) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        // RFC 6749 2.3.1: id and secret are form-encoded before they are joined for Basic.
        var pair = $"{Uri.EscapeDataString(_settings.ClientId!)}:{Uri.EscapeDataString(_settings.ClientSecret!)}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        var requested = _time.GetUtcNow();
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            var why = Proxy.Describe(exception, _tokenUrl) ?? FailureDescriber.Describe(exception, string.Empty);
            throw new TokenEndpointException($"token endpoint unreachable: {why} ({Target})", exception);
        }

        using (response)
        {
            var body = await ReadBoundedAsync(response, cancellationToken);
            return Parse((int)response.StatusCode, body, requested);
        }
    }

    private Token Parse(int status, byte[] body, DateTimeOffset requested)
    {
        string? accessToken = null;
        string? error = null;
        double? expiresIn = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                var root = document.RootElement;
                accessToken = root.TryGetProperty("access_token", out var token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null;
                error = root.TryGetProperty("error", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null;
                expiresIn = root.TryGetProperty("expires_in", out var expires) ? Seconds(expires) : null;
            }
        }
        catch (JsonException)
        {
            // Said below: no token.
        }

        if (status is < 200 or > 299)
        {
            // The error code is a word from RFC 6749 5.2 (invalid_client); the description is not shown, as a server may
            // echo what it was sent.
            var word = error is { Length: > 0 and <= 64 } && error.All(c => c is > ' ' and <= '~') ? $" {error}" : $" {ProxyRoute.StatusPhrase(status)}";
            throw new TokenEndpointException($"token endpoint answered {status}{word} ({Target})");
        }

        if (string.IsNullOrEmpty(accessToken))
        {
            throw new TokenEndpointException($"token endpoint answered {status} without an access_token ({Target})");
        }

        // Without expires_in the token is kept until the target refuses it.
        var renewAt = expiresIn is { } seconds && seconds > 0
            ? requested + TimeSpan.FromSeconds(seconds) - TimeSpan.FromSeconds(Math.Min(MaxRenewalMargin.TotalSeconds, seconds / 10))
            : DateTimeOffset.MaxValue;
        return new Token(accessToken, renewAt);
    }

    // expires_in is a number in RFC 6749, and a string of digits in some servers' answers.
    private static double? Seconds(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDouble(out var number) => number,
        JsonValueKind.String when double.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var number) => number,
        _ => null,
    };

    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        const int Limit = 64 * 1024;
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[Limit];
        var read = 0;
        int count;
        while (read < Limit && (count = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += count;
        }

        return buffer[..read];
    }

    // A class, not a record: a record's ToString would print the token.
    private sealed class Token(string value, DateTimeOffset renewAt)
    {
        public string Value { get; } = value;

        public DateTimeOffset RenewAt { get; } = renewAt;
    }
}
