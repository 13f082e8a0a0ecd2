using HealthGateway.Checks.Core.Model;
using HealthGateway.Checks.Pipeline.Readiness;
using HealthGateway.Checks.Pipeline.Running;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HealthGateway.Checks.Tests.Pipeline.Readiness;

public sealed class ReadinessSelectionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static readonly ServiceDefinition[] Services =
    [
        Service("backend_api", critical: true, "http", "api"),
        Service("database", critical: false, "postgres", "storage"),
        Service("redis", critical: false, "redis", "storage"),
        Service("websocket_endpoint", critical: true, "websocket"),
    ];

    private static ServiceDefinition Service(string name, bool critical, params string[] tags) =>
        new(name, tags[0], critical, TimeSpan.FromSeconds(5), null, tags, "h:1", 1, 1, 0, TimeSpan.Zero);

    private static ServiceCheckResult Result(HealthStatus status) =>
        new(status, TimeSpan.FromMilliseconds(12), status.ToString(), Now, ServiceCheckResult.NoData);

    /// <summary>The backend (critical) is down; PostgreSQL and Redis are up.</summary>
    private static ReadinessSnapshot BackendDown() => ReadinessPolicy.Evaluate(false, Services, new Dictionary<string, ServiceCheckResult>
    {
        ["backend_api"] = Result(HealthStatus.Unhealthy),
        ["database"] = Result(HealthStatus.Healthy),
        ["redis"] = Result(HealthStatus.Healthy),
        ["websocket_endpoint"] = Result(HealthStatus.Healthy),
    }, 7, Now);

    private static ReadinessScope Resolve(ReadinessSelection selection) =>
        selection.Resolve(Services, out var error) ?? throw new InvalidOperationException(error);

    [Fact]
    public void ASubsetOfUpServicesIsReadyWhileACriticalServiceOutsideItIsDown()
    {
        var view = ReadinessPolicy.Narrow(BackendDown(), Resolve(new ReadinessSelection(["database", "redis"], [], [])));

        Assert.True(view.Ready);
        Assert.Equal(HealthStatus.Healthy, view.Status);
        Assert.Equal(["database", "redis"], view.Entries.Select(e => e.Definition.Name));
        Assert.Equal(["database", "redis"], view.CriticalServices);
        Assert.Empty(view.UnavailableServices);
        Assert.Equal(7, view.Version);
    }

    [Fact]
    public void ANamedNonCriticalServiceThatIsDownMakesTheSubsetNotReady()
    {
        var full = ReadinessPolicy.Evaluate(false, Services, new Dictionary<string, ServiceCheckResult>
        {
            ["database"] = Result(HealthStatus.Healthy),
            ["redis"] = Result(HealthStatus.Unhealthy),
        }, 1, Now);

        var view = ReadinessPolicy.Narrow(full, Resolve(new ReadinessSelection(["database", "redis"], [], [])));

        Assert.False(view.Ready);
        Assert.Equal(["redis"], view.UnavailableServices);
    }

    [Fact]
    public void ANamedServiceNotCheckedYetHoldsTheSubsetClosed()
    {
        var full = ReadinessPolicy.Evaluate(false, Services, new Dictionary<string, ServiceCheckResult> { ["database"] = Result(HealthStatus.Healthy) }, 1, Now);

        var view = ReadinessPolicy.Narrow(full, Resolve(new ReadinessSelection(["database", "redis"], [], [])));

        Assert.False(view.Ready);
        Assert.Equal(GatewayPhase.Starting, view.Phase);
        Assert.Equal(["redis"], view.PendingServices);
    }

    [Fact]
    public void TagsSelectEveryServiceWithAnyOfThem()
    {
        var scope = Resolve(new ReadinessSelection([], ["storage", "websocket"], []));

        Assert.Equal(["database", "redis", "websocket_endpoint"], scope.Counted.Select(s => s.Name));
        Assert.True(scope.Required.SetEquals(["database", "redis", "websocket_endpoint"]));
    }

    [Fact]
    public void ExcludeTakesAServiceOutOfTheDefaultCriticalSet()
    {
        var view = ReadinessPolicy.Narrow(BackendDown(), Resolve(new ReadinessSelection([], [], ["backend_api"])));

        Assert.True(view.Ready);
        Assert.Equal(["websocket_endpoint"], view.CriticalServices);
        Assert.DoesNotContain(view.Entries, e => e.Definition.Name == "backend_api");
    }

    [Fact]
    public void ExcludeAlsoNarrowsATagSelection()
    {
        var scope = Resolve(new ReadinessSelection([], ["storage"], ["redis"]));

        Assert.Equal(["database"], scope.Counted.Select(s => s.Name));
    }

    [Fact]
    public void AnUnknownServiceIsAnErrorNamingIt()
    {
        Assert.Null(new ReadinessSelection(["database", "rediss"], [], []).Resolve(Services, out var error));
        Assert.StartsWith("unknown service 'rediss'", error);
        Assert.Contains("known services: backend_api, database, redis, websocket_endpoint", error);

        Assert.Null(new ReadinessSelection([], [], ["nope"]).Resolve(Services, out error));
        Assert.Contains("'nope'", error);
    }

    [Fact]
    public void ATagNoServiceHasIsAnErrorRatherThanAnEmptyReadyAnswer()
    {
        Assert.Null(new ReadinessSelection([], ["storag"], []).Resolve(Services, out var error));
        Assert.Equal("no service has the tag 'storag'", error);
    }

    [Fact]
    public void CommaListsMayRepeatAndAnEmptyListIsRefused()
    {
        var selection = ReadinessSelection.Parse(["database, redis", "websocket_endpoint", "redis"], [], [], out var error);

        Assert.Null(error);
        Assert.Equal(["database", "redis", "websocket_endpoint"], selection!.Services);
        Assert.Null(ReadinessSelection.Parse([""], [], [], out error));
        Assert.Equal("services must list at least one name, e.g. services=a,b", error);
    }

    [Fact]
    public void EqualQuestionsShareACacheKey() =>
        Assert.Equal(new ReadinessSelection(["Redis", "database"], [], []).Key, new ReadinessSelection(["database", "redis"], [], []).Key);

    [Fact]
    public void AnUnknownNameIsQuotedBackCutAndWithItsControlCharactersEscaped()
    {
        var hostile = "\u001b[2Jgone\u0007" + new string('x', 500);

        Assert.Null(new ReadinessSelection([hostile], [], []).Resolve(Services, out var error));
        Assert.NotNull(error);
        Assert.DoesNotContain('\u001b', error);
        Assert.DoesNotContain('\u0007', error);
        Assert.Contains("'\\u001b[2Jgone\\u0007", error);
        Assert.True(error.Length < 300, error);

        Assert.Null(new ReadinessSelection([], ["\u001b[31m"], []).Resolve(Services, out error));
        Assert.Equal("no service has the tag '\\u001b[31m'", error);
    }

    [Fact]
    public void AnUnknownNameAmongManyServicesListsTenOfThemNotAll()
    {
        var many = Enumerable.Range(0, 5_000).Select(i => Service($"svc{i}", critical: false, "tcp")).ToArray();

        Assert.Null(new ReadinessSelection(["nope"], [], []).Resolve(many, out var error));
        Assert.EndsWith("known services: svc0, svc1, svc2, svc3, svc4, svc5, svc6, svc7, svc8, svc9 and 4990 more", error);
    }
}
