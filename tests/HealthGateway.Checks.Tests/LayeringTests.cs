using System.Reflection;
using HealthGateway.Checks.Core.Model;
using Mono.Cecil;
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

    // A kind's registration (HttpHealthCheckBuilderExtensions, …) lives in the kind's DependencyInjection/ folder but
    // in this namespace, as ASP.NET Core's own builder extensions do; the library's one in the composition.
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

        Assert.NotEmpty(KindRegistrations());
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

    [Fact]
    public void AKindsRegistrationKnowsOneKindAndNoPipelineOrComposition()
    {
        foreach (var registration in KindRegistrations())
        {
            var kinds = KindNamespaces().Where(kind => kind != SharedTls && DependsOn(registration, kind)).ToList();
            Assert.True(kinds.Count == 1, $"{registration} registers the checks of {kinds.Count} kinds: {string.Join(", ", kinds)}");
            Assert.False(DependsOn(registration, Pipeline), $"{registration} depends on the pipeline");
            Assert.False(DependsOn(registration, Composition), $"{registration} depends on the composition");
        }
    }

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

    // NetArchTest leaves out types in Microsoft.* namespaces, so the registrations' references are read here: every type
    // their code names (signatures, fields, instructions), lambdas' closure classes included.
    private static bool DependsOn(string typeName, string dependency)
    {
        using var module = ModuleDefinition.ReadModule(Checks.Location);
        var type = module.GetType($"{BuilderExtensions}.{typeName}");
        return Referenced(type).Any(name => name.StartsWith(dependency + ".", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Referenced(TypeDefinition type)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        void Add(TypeReference? reference)
        {
            switch (reference)
            {
                case null:
                    return;
                case GenericInstanceType generic:
                    Add(generic.ElementType);
                    generic.GenericArguments.ToList().ForEach(Add);
                    return;
                case TypeSpecification specification:
                    Add(specification.ElementType);
                    return;
                default:
                    names.Add(reference.FullName);
                    return;
            }
        }

        foreach (var nested in type.NestedTypes)
        {
            names.UnionWith(Referenced(nested));
        }

        Add(type.BaseType);
        type.Interfaces.ToList().ForEach(i => Add(i.InterfaceType));
        type.Fields.ToList().ForEach(field => Add(field.FieldType));
        foreach (var method in type.Methods)
        {
            Add(method.ReturnType);
            method.Parameters.ToList().ForEach(parameter => Add(parameter.ParameterType));
            foreach (var instruction in method.HasBody ? method.Body.Instructions : [])
            {
                switch (instruction.Operand)
                {
                    case MethodReference called:
                        Add(called.DeclaringType);
                        Add(called.ReturnType);
                        called.Parameters.ToList().ForEach(parameter => Add(parameter.ParameterType));
                        if (called is GenericInstanceMethod genericMethod)
                        {
                            genericMethod.GenericArguments.ToList().ForEach(Add);
                        }

                        break;
                    case FieldReference field:
                        Add(field.DeclaringType);
                        Add(field.FieldType);
                        break;
                    case TypeReference named:
                        Add(named);
                        break;
                }
            }
        }

        return names;
    }

    private static void AssertKept(TestResult result, string who) =>
        Assert.True(result.IsSuccessful, $"{who} breaks the layering:\n  " + string.Join("\n  ", result.FailingTypeNames ?? []));
}
