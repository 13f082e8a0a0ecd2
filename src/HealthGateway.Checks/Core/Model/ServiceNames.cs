namespace HealthGateway.Checks.Core.Model;

/// <summary>Rules for service names: they appear in URLs, metrics labels and log properties.</summary>
public static class ServiceNames
{
    /// <summary>Letters, digits, '_', '-' and '.', at most 100 characters.</summary>
    public static bool IsValid(string name) =>
        name.Length is > 0 and <= 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
