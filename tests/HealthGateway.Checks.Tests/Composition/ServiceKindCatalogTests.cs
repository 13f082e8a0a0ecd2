using HealthGateway.Checks.Composition;
using HealthGateway.Checks.Composition.Validation;
using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Core.Secrets;
using HealthGateway.Checks.Pipeline.Running;
using HealthGateway.Checks.Pipeline.Snapshots;
using HealthGateway.Checks.Tests.Composition.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HealthGateway.Checks.Tests.Composition;

/// <summary>
/// A kind written outside the library and added to a catalog gets everything the built-in ones get: its settings
/// known (and typos refused), its target validated, its check registered and run, its failures described in its own
/// words and its secrets masked. Nothing else is told about it.
/// </summary>
public sealed class ServiceKindCatalogTests
{
    private static readonly ServiceKindCatalog Kinds = new([.. BuiltInKinds.Create(), new EchoKind()]);

    [Fact]
    public void ACustomKindsSettingsAreKnownAndItsTyposRefused()
    {
        var gateway = TestConfiguration.Service("echo", ("Kind", "echo"), ("Address", "here"), ("Pasword", "x"));

        var error = Assert.Single(GatewayServices.Read(gateway, Kinds).Errors);

        Assert.Equal("HealthGateway:Services:echo:Pasword: unknown setting; did you mean Password?", error);
    }

    [Fact]
    public void ACustomKindValidatesItsOwnTargetAndIsListedAmongTheKinds()
    {
        var unknown = Assert.Single(GatewayServices.Read(TestConfiguration.Service("s", ("Kind", "ftp")), Kinds).Errors);
        var missing = Assert.Single(GatewayServices.Read(TestConfiguration.Service("s", ("Kind", "echo")), Kinds).Errors);

        Assert.EndsWith("expected one of http, websocket, postgres, redis, tcp, grpc, mysql, amqp, dns, mqtt, push, icmp, echo", unknown);
        Assert.Equal("HealthGateway:Services:s:Address: missing", missing);
    }

    [Fact]
    public void AnUnreadableValueOfASecretSettingIsNeverQuoted()
    {
        var error = Assert.Single(RawValueChecker.FindUnreadableValues(TestConfiguration.Service("s", ("Kind", "echo"), ("Pin", "hunter2")), Kinds));

        Assert.Equal("HealthGateway:Services:s:Pin: the value is not a whole number", error);
    }

    [Fact]
    public async Task ACustomKindIsRegisteredRunDescribedAndRedacted()
    {
        var configuration = TestConfiguration.Root(("Services:echo:Kind", "echo"), ("Services:echo:Address", "echo-host:7"),
            ("Services:echo:Password", "echo-pass-1"), ("Services:echo:Retries", "2"));
        var services = new ServiceCollection().AddLogging().AddGatewayChecks(configuration, Kinds);
        await using var provider = services.BuildServiceProvider();

        var service = Assert.Single(provider.GetRequiredService<ServiceCatalog>().Services);
        Assert.Equal(["echo"], service.Definition.Tags);
        Assert.Equal("echo-host:7", service.Definition.Target);
        var result = await provider.GetRequiredService<ServiceCheckRunner>().RunAsync(service.Definition, service.Registration, CancellationToken.None);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("echo refused the password *** (echo-host:7)", result.Description);

        // The kind retries inside itself, so the runner ran the check once, not three times.
        Assert.Equal(1, EchoKind.Attempts);
    }

    [Fact]
    public async Task EveryRegisteredSecretSourceFeedsTheRedactor()
    {
        var services = new ServiceCollection().AddLogging().AddGatewayChecks(TestConfiguration.Root());
        services.AddSingleton<ISecretSource>(SecretSource.Of("feature-secret-9"));
        await using var provider = services.BuildServiceProvider();

        Assert.Equal("key *** here", provider.GetRequiredService<SecretRedactor>().Redact("key feature-secret-9 here"));
        Assert.True(provider.GetRequiredService<IOptions<GatewayOptions>>().Value.Services.Count == 0);
    }

    private sealed class EchoOptions
    {
        public string? Address { get; set; }

        public string? Password { get; set; }

        public int Pin { get; set; }
    }

    private sealed class EchoException(string message) : Exception(message);

    private sealed class EchoKind : ServiceKind<EchoOptions>
    {
        public static int Attempts { get; private set; }

        public override string Name => "echo";

        public override IReadOnlyCollection<string> SecretSettings => [nameof(EchoOptions.Pin)];

        public override bool RetriesItself => true;

        public override string? Describe(Exception exception, string suffix, Func<Exception, string?> describe) =>
            exception is EchoException echo ? $"echo refused the password {echo.Message}{suffix}" : null;

        protected override void Bind(IConfigurationSection service, EchoOptions options) => service.Bind(options);

        protected override string? ReadTarget(EchoOptions options, Action<string, string> problem)
        {
            if (string.IsNullOrEmpty(options.Address))
            {
                problem(nameof(options.Address), "missing");
                return null;
            }

            return options.Address;
        }

        protected override void Register(IHealthChecksBuilder checks, ServiceDefinition definition, EchoOptions options) =>
            checks.Add(new HealthCheckRegistration(definition.Name, _ => new FailingCheck(options.Password!), HealthStatus.Unhealthy, definition.Tags));

        protected override IEnumerable<string> Secrets(EchoOptions options) => [options.Password ?? ""];

        private sealed class FailingCheck(string password) : IHealthCheck
        {
            public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
            {
                Attempts++;
                throw new EchoException(password);
            }
        }
    }
}
