using System.Net;
using DnsClient;
using DnsClient.Protocol;
using HealthGateway.Checks.Core.Failures;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Kinds.Dns;

/// <summary>
/// Looks a name up with DnsClient, at one server or at the system's resolvers, and judges the answer: a missing name
/// is "api.internal: no such name (NXDOMAIN) at 127.0.0.1:5353"; with <see cref="DnsHealthCheckOptions.Expect"/>, an
/// answer that differs says what came back. No cache and no retries inside: each run asks the server afresh.
/// </summary>
public sealed class DnsHealthCheck(DnsHealthCheckOptions options, TimeProvider time) : IHealthCheck
{
    private const int MaxAnswersShown = 5;

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        var (client, at) = await CreateClientAsync(cancellationToken);
        var type = options.RecordType.ToString();
        IDnsQueryResponse response;
        try
        {
            response = await client.QueryAsync(options.Name, options.RecordType, QueryClass.IN, cancellationToken);
        }
        catch (DnsResponseException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail(Describe(exception, $"{options.Name}: ", $" at {at}"));
        }

        if (response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
        {
            return Fail($"{options.Name}: no such name (NXDOMAIN) at {at}");
        }

        if (response.Header.ResponseCode != DnsHeaderResponseCode.NoError)
        {
            return Fail($"{options.Name}: the server answered {CodeName(response.Header.ResponseCode)} at {at}");
        }

        var answers = response.Answers.Where(record => record.RecordType == (ResourceRecordType)options.RecordType).Select(Format).ToList();
        if (answers.Count == 0)
        {
            return Fail($"{options.Name}: no {type} record at {at}");
        }

        if (options.Expect is { } expect && !answers.Any(answer => Matches(answer, expect)))
        {
            return Fail($"{options.Name}: {type} answered {Join(answers)}, expected {expect} at {at}");
        }

        return HealthCheckResult.Healthy($"{options.Name} {type} {Join(answers)} in {Durations.Millis(time.GetElapsedTime(started))}");

        HealthCheckResult Fail(string description) => new(context.Registration.FailureStatus, description);
    }

    /// <summary>One answer as a person writes it, and as <c>Expect</c> is compared: no trailing dot on names.</summary>
    public static string Format(DnsResourceRecord record) => record switch
    {
        ARecord a => a.Address.ToString(),
        AaaaRecord aaaa => aaaa.Address.ToString(),
        CNameRecord cname => Bare(cname.CanonicalName.Value),
        MxRecord mx => $"{mx.Preference} {Bare(mx.Exchange.Value)}",
        TxtRecord txt => string.Concat(txt.Text),
        SrvRecord srv => $"{srv.Priority} {srv.Weight} {srv.Port} {Bare(srv.Target.Value)}",
        _ => record.ToString(),
    };

    // An MX or SRV answer also matches its host alone ("mail.example.com" for "10 mail.example.com"); names compare
    // without case and without a trailing dot, as DNS itself does.
    private static bool Matches(string answer, string expect)
    {
        var wanted = Bare(expect.Trim());
        return string.Equals(answer, wanted, StringComparison.OrdinalIgnoreCase)
               || string.Equals(answer[(answer.LastIndexOf(' ') + 1)..], wanted, StringComparison.OrdinalIgnoreCase);
    }

    private static string Bare(string name) => name.Length > 1 ? name.TrimEnd('.') : name;

    private static string Join(List<string> answers) =>
        answers.Count <= MaxAnswersShown
            ? string.Join(", ", answers)
            : $"{string.Join(", ", answers.Take(MaxAnswersShown))} and {answers.Count - MaxAnswersShown} more";

    private static string CodeName(DnsHeaderResponseCode code) => code switch
    {
        DnsHeaderResponseCode.ServerFailure => "SERVFAIL",
        DnsHeaderResponseCode.Refused => "REFUSED (it does not serve this name)",
        DnsHeaderResponseCode.FormatError => "FORMERR",
        DnsHeaderResponseCode.NotImplemented => "NOTIMP",
        _ => code.ToString(),
    };

    /// <summary>Describes a DnsClient failure: no answer in time, a refused port, or an unreadable answer.</summary>
    public static string Describe(DnsResponseException exception, string prefix, string suffix)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is System.Net.Sockets.SocketException socket)
            {
                return socket.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionRefused
                    ? $"{prefix}connection refused (no DNS server listening){suffix}"
                    : $"{prefix}network error {socket.SocketErrorCode}{suffix}";
            }
        }

        return exception.Code == DnsResponseCode.ConnectionTimeout
            ? $"{prefix}no answer in time{suffix}"
            : $"{prefix}query failed: {FailureText.FirstLine(exception.DnsError)}{suffix}";
    }

    private async Task<(LookupClient Client, string At)> CreateClientAsync(CancellationToken ct)
    {
        LookupClientOptions settings;
        string at;
        if (options.Server is { } server)
        {
            var address = IPAddress.TryParse(server.Host, out var parsed)
                ? parsed
                : (await System.Net.Dns.GetHostAddressesAsync(server.Host, ct))[0];
            settings = new LookupClientOptions(new IPEndPoint(address, server.Port));
            at = $"{server.Host}:{server.Port}";
        }
        else
        {
            settings = new LookupClientOptions();
            at = "";
        }

        settings.Timeout = options.Timeout;
        settings.Retries = 0;
        settings.UseCache = false;
        settings.ThrowDnsErrors = false;
        settings.ContinueOnDnsError = false;
        settings.ContinueOnEmptyResponse = false;
        settings.UseTcpFallback = true;
        var client = new LookupClient(settings);
        if (at.Length == 0)
        {
            at = client.NameServers.FirstOrDefault() is { } first ? $"the system resolver ({first})" : "the system resolver";
        }

        return (client, at);
    }
}
