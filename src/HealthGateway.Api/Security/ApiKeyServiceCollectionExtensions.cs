using HealthGateway.Checks.Execution;

namespace HealthGateway.Api.Security;

/// <summary>Registers what the API key feature contributes to other features.</summary>
public static class ApiKeyServiceCollectionExtensions
{
    /// <summary>Makes the configured <c>HealthGateway:ApiKey</c> a secret the redactor masks in every description.</summary>
    public static IServiceCollection AddApiKeySecret(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton<ISecretSource>(new SecretSource(() => [configuration[ApiKeyEndpointFilter.ConfigurationKey]]));
}
