using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace HealthGateway.Checks.Core.Text;

/// <summary>
/// JSON metadata for the native build: source-generated contexts first, and reflection only where the runtime
/// allows it. The gateway's own wire types are all in its contexts; values typed <see cref="object"/> that come
/// from code (a check's data, an in-process producer's event data) may be of any type, which the JIT build still
/// serialises by reflection. The native build, where <see cref="RuntimeFeature.IsDynamicCodeSupported"/> is false,
/// has no such callers and leaves that code out.
/// </summary>
public static class JsonResolvers
{
    /// <summary>
    /// Options like <paramref name="template"/> (Web defaults when null) whose metadata comes from
    /// <paramref name="context"/>, then by reflection when enabled.
    /// </summary>
    public static JsonSerializerOptions Create(JsonSerializerContext context, JsonSerializerOptions? template = null)
    {
        var options = template is null ? new JsonSerializerOptions(JsonSerializerDefaults.Web) : new JsonSerializerOptions(template);
        options.TypeInfoResolver = context;

        // False in the native build, where the compiler drops this branch and the reflection behind it.
        if (RuntimeFeature.IsDynamicCodeSupported)
        {
            options.TypeInfoResolver = JsonTypeInfoResolver.Combine(context, ReflectionResolver());
        }

        options.MakeReadOnly();
        return options;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only reached where dynamic code is supported: the JIT build, which is not trimmed.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only reached where dynamic code is supported (see the caller's guard).")]
    private static DefaultJsonTypeInfoResolver ReflectionResolver() => new();

    /// <summary>The metadata of <typeparamref name="T"/> under <paramref name="options"/> (made by <see cref="Create"/>).</summary>
    public static JsonTypeInfo<T> For<T>(JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
}
