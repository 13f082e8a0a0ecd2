namespace HealthGateway.Docs.Tests;

/// <summary>
/// docs/configuration.md documents every key the options types bind. A key counts as documented when a level-2
/// section whose heading names its section in code (<c>`HealthGateway:Notifications`</c>, or with a trailing
/// <c>*</c> as a prefix: <c>`HealthGateway:*`</c>, <c>`HealthGateway:Webhook*`</c>) holds the key, relative to that
/// section or longer, right after a backtick: <c>`PingInterval`</c>, <c>`Alerts:NotifyDependents`</c>,
/// <c>`Groups:&lt;group&gt;`</c>.
/// </summary>
public sealed class ConfigurationDocTests
{
    [Fact]
    public void EveryKeyTheOptionsTypesBindIsInConfigurationMd()
    {
        var document = Repository.Read("docs/configuration.md");

        var missing = ConfigurationKeys.All().Where(key => !IsDocumented(key, document)).ToList();

        Assert.True(missing.Count == 0, "Keys missing from docs/configuration.md (add each to the table of its section):\n"
            + string.Join('\n', missing));
    }

    [Fact]
    public void TheKeysComeFromEveryOptionsTypeAndEveryKind()
    {
        var keys = ConfigurationKeys.All();

        // One key from each source, so the derivation cannot quietly lose one: the gateway, a nested alert
        // setting, a list element, the notifications and the backplane, the common per-service keys, a kind's
        // own key and a key every TLS kind inherits.
        Assert.Contains("HealthGateway:PollInterval", keys);
        Assert.Contains("HealthGateway:Alerts:NotifyDependents", keys);
        Assert.Contains("HealthGateway:Webhooks:<i>:Url", keys);
        Assert.Contains("HealthGateway:Notifications:MaxConnectionsPerUser", keys);
        Assert.Contains("HealthGateway:Backplane:PublishTimeout", keys);
        Assert.Contains("HealthGateway:Services:<name>:FailureThreshold", keys);
        Assert.Contains("HealthGateway:Services:<name>:GrpcService", keys);
        Assert.Contains("HealthGateway:Services:<name>:CertificateWarningDays", keys);
        Assert.Contains("HealthGateway:Groups", keys);
    }

    [Fact]
    public void AKeyIsDocumentedOnlyInASectionThatNamesItsSection()
    {
        const string document = """
            ## Notifications (`HealthGateway:Notifications`)

            | `PingInterval` | 30 s |

            ## Backplane (`HealthGateway:Backplane`)

            | `Channel` | … |
            """;

        Assert.True(IsDocumented("HealthGateway:Notifications:PingInterval", document));
        Assert.False(IsDocumented("HealthGateway:Notifications:Channel", document));
        Assert.False(IsDocumented("HealthGateway:Notifications:PingTimeout", document));
    }

    private static bool IsDocumented(string key, string document) =>
        Markdown.Sections(document).Any(section => Markdown.CodeSpans(section.Heading).Any(scope =>
            RelativeTo(scope, key) is { } relative && Mentions(section.Body, key, relative)));

    /// <summary><paramref name="key"/> relative to the section <paramref name="scope"/> names, or null when it is not in it.</summary>
    private static string? RelativeTo(string scope, string key)
    {
        if (scope.EndsWith('*'))
        {
            var prefix = scope[..^1];
            var cut = prefix.LastIndexOf(':') + 1;
            return key.StartsWith(prefix, StringComparison.Ordinal) && cut > 0 ? key[cut..] : null;
        }

        return key.StartsWith(scope + ":", StringComparison.Ordinal) ? key[(scope.Length + 1)..] : null;
    }

    /// <summary>Whether <paramref name="body"/> holds <paramref name="relative"/>, or a longer tail of <paramref name="key"/>, right after a backtick.</summary>
    private static bool Mentions(string body, string key, string relative)
    {
        var segments = key.Split(':');
        var shortest = relative.Split(':').Length;
        for (var take = shortest; take <= segments.Length; take++)
        {
            var tail = "`" + string.Join(':', segments[^take..]);
            for (var at = body.IndexOf(tail, StringComparison.Ordinal); at >= 0; at = body.IndexOf(tail, at + 1, StringComparison.Ordinal))
            {
                var end = at + tail.Length;
                if (end < body.Length && body[end] is '`' or ':' or '[' or '.')
                {
                    return true;
                }
            }
        }

        return false;
    }
}
