using System.Reflection;
using HealthGateway.Api.Alerts;
using HealthGateway.Checks.Composition;
using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;

namespace HealthGateway.Docs.Tests;

/// <summary>
/// Every configuration key the gateway binds, derived from its options types: each type with a <c>SectionName</c>
/// constant, walked through its public settable properties (nested types and list elements included), and for
/// <c>HealthGateway:Services:&lt;name&gt;</c> the common keys plus each built-in kind's own options type. A new
/// property is a new key, so it shows up here without anyone listing it.
/// </summary>
internal static class ConfigurationKeys
{
    private const string ServicesSection = $"{GatewayOptions.SectionName}:{nameof(GatewayOptions.Services)}:<name>";

    /// <summary>Full keys such as <c>HealthGateway:Notifications:PingInterval</c> or <c>HealthGateway:Services:&lt;name&gt;:Url</c>.</summary>
    public static IReadOnlyList<string> All()
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (type, section) in SectionOptionsTypes())
        {
            Walk(type, section, keys);
        }

        Walk(typeof(ServiceOptions), ServicesSection, keys);
        foreach (var kind in BuiltInKinds.Create())
        {
            Walk(KindOptionsType(kind), ServicesSection, keys);
        }

        return [.. keys];
    }

    /// <summary>The options classes bound from a section: every public type in the two libraries with a <c>SectionName</c> constant.</summary>
    public static IEnumerable<(Type Type, string Section)> SectionOptionsTypes() =>
        new[] { typeof(GatewayOptions).Assembly, typeof(AlertOptions).Assembly }
            .SelectMany(assembly => assembly.GetExportedTypes())
            .Select(type => (Type: type, Field: type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(candidate => candidate.Field is { IsLiteral: true } && candidate.Field.FieldType == typeof(string))
            .Select(candidate => (candidate.Type, (string)candidate.Field!.GetRawConstantValue()!));

    /// <summary>The <c>TOptions</c> of a kind's <c>ServiceKind&lt;TOptions&gt;</c> base.</summary>
    public static Type KindOptionsType(IServiceKind kind)
    {
        for (var type = kind.GetType(); type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ServiceKind<>))
            {
                return type.GetGenericArguments()[0];
            }
        }

        throw new InvalidOperationException($"{kind.GetType().Name} does not derive from ServiceKind<TOptions>");
    }

    private static void Walk(Type type, string prefix, ISet<string> keys)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.SetMethod!.IsPublic))
        {
            var key = $"{prefix}:{property.Name}";
            var valueType = property.PropertyType;
            if (property.DeclaringType == typeof(GatewayOptions) && property.Name == nameof(GatewayOptions.Services))
            {
                // The services dictionary: its values are walked above, with the kinds' own keys.
                keys.Add(key);
                continue;
            }

            if (IsValue(valueType))
            {
                keys.Add(key);
            }
            else if (ElementType(valueType) is { } element)
            {
                // A list or dictionary of values is one key (Tags, Headers, Groups); of objects, each element is walked.
                if (IsValue(element) || ElementType(element) is { } inner && IsValue(inner))
                {
                    keys.Add(key);
                }
                else
                {
                    Walk(element, $"{key}:<i>", keys);
                }
            }
            else
            {
                Walk(valueType, key, keys);
            }
        }
    }

    private static bool IsValue(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
            || type == typeof(Uri) || type == typeof(DateTimeOffset) || type == typeof(DateTime);
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var dictionary = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        if (dictionary is not null)
        {
            return dictionary.GetGenericArguments()[1];
        }

        var enumerable = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }
}
