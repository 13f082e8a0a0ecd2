using System.Reflection;
using HealthGateway.Checks.Core.Model;
using NetArchTest.Rules;

namespace HealthGateway.Checks.Tests;

/// <summary>
/// The checks library's layers, read from its compiled code: a core that knows no kind ← the kinds, each knowing only
/// the core and the shared Tls ← the composition that names them; the pipeline between, knowing no kind. And the
/// library never depends on the Api (docs/ARCHITECTURE.md, "Who owns what").
/// </summary>
public sealed class LayeringTests
{
    private const string Library = "HealthGateway.Checks";
    private const string Core = Library + ".Core";
    private const string KindsWing = Library + ".Kinds";
    private const string SharedTls = KindsWing + ".Tls";
    private const string Pipeline = Library + ".Pipeline";
    private const string Composition = Library + ".Composition";

    // Builder extensions live in this namespace, as ASP.NET Core's own do; the library has one, in the composition.
    private const string BuilderExtensions = "Microsoft.Extensions.DependencyInjection";
    private const string CompositionsRegistration = "GatewayChecksServiceCollectionExtensions";

    private static readonly Assembly Checks = typeof(ServiceDefinition).Assembly;

    public static TheoryData<string> Kinds() => new(KindNamespaces());

    [Fact]
    public void TheRulesSeeEveryLayer()
    {
        Assert.Contains(KindsWing + ".Http", KindNamespaces());
        Assert.Contains(SharedTls, KindNamespaces());
        foreach (var layer in new[] { Core, Pipeline, Composition })
        {
            Assert.NotEmpty(Types.InAssembly(Checks).That().ResideInNamespace(layer).GetTypes());
        }
    }

    [Fact]
    public void TheCoreKnowsNoKindNoPipelineAndNoComposition() =>
        AssertKept(Types.InAssembly(Checks).That().ResideInNamespace(Core)
            .ShouldNot().HaveDependencyOnAny(KindsWing, Pipeline, Composition).GetResult(), "the core");

    [Fact]
    public void ThePipelineKnowsNoKindAndNoComposition() =>
        AssertKept(Types.InAssembly(Checks).That().ResideInNamespace(Pipeline)
            .ShouldNot().HaveDependencyOnAny(KindsWing, Composition).GetResult(), "the pipeline");

    [Theory]
    [MemberData(nameof(Kinds))]
    public void AKindKnowsNoOtherKindButTlsAndNoPipelineOrComposition(string kind) =>
        AssertKept(Types.InAssembly(Checks).That().ResideInNamespace(kind)
            .ShouldNot().HaveDependencyOnAny(ForbiddenTo(kind)).GetResult(), kind);

    // A kind creates the check it owns (IServiceKind.Create): a container of its own per service (the registrations
    // that once sat in each kind's DependencyInjection/ folder) cost about 7 KB per service.
    [Fact]
    public void NoKindRegistersItsCheckInAContainer() =>
        Assert.True(KindRegistrations().Count == 0, $"kinds register their checks: {string.Join(", ", KindRegistrations())}");

    [Fact]
    public void TheLibraryNeverDependsOnTheApi()
    {
        Assert.DoesNotContain(Checks.GetReferencedAssemblies(), reference => reference.Name == "HealthGateway.Api");
        AssertKept(Types.InAssembly(Checks).ShouldNot().HaveDependencyOn("HealthGateway.Api").GetResult(), "the checks library");
    }

    // Namespaces of the kinds (and of the Tls they share), one per folder under Kinds/, found rather than listed so a
    // new kind is held to the rules the day its folder appears.
    private static List<string> KindNamespaces() =>
        Checks.GetTypes()
            .Select(type => type.Namespace)
            .OfType<string>()
            .Where(ns => ns.StartsWith(KindsWing + ".", StringComparison.Ordinal))
            .Select(ns => string.Join('.', ns.Split('.').Take(4)))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string[] ForbiddenTo(string kind) =>
        [.. KindNamespaces().Where(other => other != kind && other != SharedTls), Pipeline, Composition];

    private static List<string> KindRegistrations() =>
        Checks.GetTypes()
            .Where(type => type.Namespace == BuilderExtensions && !type.IsNested && type.Name != CompositionsRegistration)
            .Select(type => type.Name)
            .ToList();

    private static void AssertKept(TestResult result, string who) =>
        Assert.True(result.IsSuccessful, $"{who} breaks the layering:\n  " + string.Join("\n  ", result.FailingTypeNames ?? []));
}
