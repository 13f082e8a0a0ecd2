using System.Globalization;
using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Model;
using Microsoft.Extensions.Configuration;

namespace HealthGateway.Checks.Composition.Validation;

/// <summary>
/// Checks the raw text of typed settings before binding. The configuration binder silently drops a whole
/// service from the dictionary when one of its values does not convert ("Timeout": "soon"), which would take
/// it out of the gate without a word; here it becomes an error naming the service and the field. The typed
/// settings are found by reflection: the gateway's, the common service ones, and each service's kind's.
/// </summary>
public static class RawValueChecker
{
    private static readonly IReadOnlyDictionary<string, Type> GlobalSettings = SettingNames.Of(typeof(GatewayOptions));

    /// <summary>Every value under <paramref name="section"/> that cannot be converted to its field's type, using the built-in kinds.</summary>
    public static IReadOnlyList<string> FindUnreadableValues(IConfigurationSection section) => FindUnreadableValues(section, ServiceKindCatalog.BuiltIn);

    /// <summary>Every value under <paramref name="section"/> that cannot be converted to its field's type.</summary>
    public static IReadOnlyList<string> FindUnreadableValues(IConfigurationSection section, ServiceKindCatalog kinds) =>
        FindUnreadableValues(GatewayConfiguration.Of(section), kinds);

    /// <summary>Every value in <paramref name="configuration"/> that cannot be converted to its field's type.</summary>
    public static IReadOnlyList<string> FindUnreadableValues(GatewayConfiguration configuration, ServiceKindCatalog kinds)
    {
        var errors = new List<string>();
        Check(configuration.Gateway, GlobalSettings, [], errors);
        foreach (var service in configuration.Services)
        {
            Check(service, SettingNames.Common, [], errors);
            if (kinds.Find(service[nameof(ServiceOptions.Kind)]) is { } kind)
            {
                Check(service, kind.Settings, kind.SecretSettings, errors);
            }
        }

        return errors;
    }

    private static void Check(IConfigurationSection section, IReadOnlyDictionary<string, Type> settings, IReadOnlyCollection<string> secrets, List<string> errors)
    {
        foreach (var (key, type) in settings)
        {
            var value = section[key];
            if (string.IsNullOrEmpty(value) || Expected(Nullable.GetUnderlyingType(type) ?? type) is not { } rule || rule.IsValid(value))
            {
                continue;
            }

            // A secret's value is never quoted, however malformed; any other is quoted masked (ConfigurationText).
            var quoted = secrets.Contains(key, StringComparer.OrdinalIgnoreCase) || LooksSecret(key) ? "the value" : ConfigurationText.Quote(value);
            errors.Add($"{section.Path}:{key}: {quoted} is not {rule.Expected}");
        }
    }

    private static (Func<string, bool> IsValid, string Expected)? Expected(Type type) =>
        type == typeof(TimeSpan) ? (value => TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out _), "a duration such as 00:00:05")
        : type == typeof(int) ? (value => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _), "a whole number")
        : type == typeof(bool) ? (value => bool.TryParse(value, out _), "true or false")
        : null;

    /// <summary>Names such as Password, ApiKey, Secret or Token hold secrets whatever the kind says.</summary>
    internal static bool LooksSecret(string key) =>
        key.Contains("password", StringComparison.OrdinalIgnoreCase) || key.Contains("secret", StringComparison.OrdinalIgnoreCase)
        || key.Contains("token", StringComparison.OrdinalIgnoreCase) || key.EndsWith("key", StringComparison.OrdinalIgnoreCase);
}
