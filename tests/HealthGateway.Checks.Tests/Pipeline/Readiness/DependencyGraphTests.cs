using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Readiness;
using HealthGateway.Checks.Pipeline.Running;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Tests.Pipeline.Readiness;

public sealed class DependencyGraphTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static GatewayOptions Options(params (string Name, string[] DependsOn)[] services)
    {
        var options = new GatewayOptions();
        foreach (var (name, dependsOn) in services)
        {
            options.Services[name] = new ServiceOptions { Kind = "tcp", DependsOn = [.. dependsOn] };
        }

        return options;
    }

    private static ServiceDefinition Service(string name) => new(name, "tcp", true, TimeSpan.FromSeconds(5), null, ["tcp"], "h:1", 1, 1, 0, TimeSpan.Zero);

    private static ReadinessSnapshot Evaluate(GatewayOptions options, params (string Name, HealthStatus Status)[] results) =>
        ReadinessPolicy.Evaluate(false, options.Services.Keys.Select(Service).ToList(),
            results.ToDictionary(r => r.Name, r => new ServiceCheckResult(r.Status, TimeSpan.Zero, $"{r.Name} says {r.Status}", Now, ServiceCheckResult.NoData)),
            1, Now, DependencyGraph.From(options));

    [Fact]
    public void ADependentThatIsDownBecauseItsDatabaseIsDownNamesTheDatabaseAndKeepsItsOwnDescription()
    {
        var options = Options(("database", []), ("backend_api", ["database"]), ("frontend", ["backend_api"]));

        var snapshot = Evaluate(options, ("database", HealthStatus.Unhealthy), ("backend_api", HealthStatus.Unhealthy), ("frontend", HealthStatus.Unhealthy));

        var byName = snapshot.Entries.ToDictionary(e => e.Definition.Name);
        Assert.Null(byName["database"].RootCause);
        Assert.Equal("database", byName["backend_api"].RootCause);
        Assert.Equal("database", byName["frontend"].RootCause);
        Assert.Equal("backend_api says Unhealthy", byName["backend_api"].Result!.Description);
        Assert.Equal(["database"], snapshot.RootCauses);
        Assert.Equal(3, snapshot.UnavailableServices.Count);
    }

    [Fact]
    public void ADependentDownOnItsOwnIsItsOwnRootCause()
    {
        var options = Options(("database", []), ("backend_api", ["database"]));

        var snapshot = Evaluate(options, ("database", HealthStatus.Healthy), ("backend_api", HealthStatus.Unhealthy));

        Assert.All(snapshot.Entries, e => Assert.Null(e.RootCause));
        Assert.Equal(["backend_api"], snapshot.RootCauses);
    }

    [Fact]
    public void AHealthyLinkBreaksTheChain()
    {
        // frontend -> backend_api -> database: backend_api is up, so the database cannot explain the frontend.
        var options = Options(("database", []), ("backend_api", ["database"]), ("frontend", ["backend_api"]));

        var snapshot = Evaluate(options, ("database", HealthStatus.Unhealthy), ("backend_api", HealthStatus.Healthy), ("frontend", HealthStatus.Unhealthy));

        Assert.Null(snapshot.Entries.Single(e => e.Definition.Name == "frontend").RootCause);
        Assert.Equal(["database", "frontend"], snapshot.RootCauses.Order());
    }

    [Fact]
    public void TheDeepestUnhealthyDependencyIsTheRoot()
    {
        var options = Options(("database", []), ("cache", []), ("backend_api", ["cache", "auth"]), ("auth", ["database"]));

        var snapshot = Evaluate(options, ("database", HealthStatus.Unhealthy), ("cache", HealthStatus.Unhealthy),
            ("auth", HealthStatus.Unhealthy), ("backend_api", HealthStatus.Unhealthy));

        Assert.Equal("database", snapshot.Entries.Single(e => e.Definition.Name == "backend_api").RootCause);
        Assert.Equal(["cache", "database"], snapshot.RootCauses.Order());
    }

    [Fact]
    public void ACycleIsAnErrorNamingTheChain()
    {
        var errors = DependencyGraph.Validate(Options(("a", ["b"]), ("b", ["c"]), ("c", ["a"])));

        Assert.Equal(["HealthGateway:Services:a:DependsOn: dependency cycle a -> b -> c -> a"], errors);
    }

    [Fact]
    public void AServiceThatDependsOnItselfIsACycle() =>
        Assert.Equal(["HealthGateway:Services:a:DependsOn: dependency cycle a -> a"], DependencyGraph.Validate(Options(("a", ["a"]))));

    [Fact]
    public void AnUnknownDependencyIsAnErrorNamingServiceFieldAndName()
    {
        var errors = DependencyGraph.Validate(Options(("api", ["databse"]), ("database", [])));

        Assert.Equal(["HealthGateway:Services:api:DependsOn: unknown service 'databse'; known services: api, database"], errors);
    }
}
