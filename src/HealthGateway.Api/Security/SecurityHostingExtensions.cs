using HealthGateway.Checks.Core.Secrets;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Security;

public static class SecurityHostingExtensions
{
    /// <summary>
    /// Registers keys and scopes (<c>HealthGateway:ApiKey</c>, <c>HealthGateway:ApiKeys</c>), bearer tokens for
    /// <c>/ws</c> (<c>HealthGateway:Auth:Jwt</c>), validated on start, the protected-mode notice, and every key as a
    /// secret the redactor masks. Features that check access call it themselves; a second call adds nothing.
    /// </summary>
    public static WebApplicationBuilder AddGatewayAccess(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(descriptor => descriptor.ServiceType == typeof(ApiKeyRing)))
        {
            // Already added (by the composition, or by a feature that needs it, such as /ws and the diagnostics).
            return builder;
        }

        services.AddOptions<AccessOptions>()
            .BindConfiguration(AccessOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccessOptions>, AccessOptionsValidator>();
        services.AddSingleton<ApiKeyRing>();
        services.AddSingleton<GatewayAccess>();
        services.AddSingleton<WebSocketAccess>();
        // With one scheme registered ASP.NET Core (7+) makes it the default, and the authentication middleware it adds
        // by itself then runs the JwtBearer handler on every request: a handler and a logger allocated per request,
        // held for the life of every /ws socket (about 1 KiB each), and a token sent anywhere checked, and the issuer
        // contacted, where nothing reads it. Only /ws authenticates, by naming the scheme (WebSocketAccess).
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        services.AddAuthentication().AddJwtBearer();
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>();
        services.AddHostedService<ProtectedModeNotice>();
        services.AddApiKeySecrets(builder.Configuration);
        return builder;
    }

    /// <summary>Makes every configured key a secret the redactor masks in every description.</summary>
    /// <remarks>Read from the configuration each time, so the command-line verbs (a plain host) mask them too and a reload counts.</remarks>
    public static IServiceCollection AddApiKeySecrets(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton<ISecretSource>(new SecretSource(() =>
        [
            configuration[$"{AccessOptions.SectionName}:ApiKey"],
            .. configuration.GetSection($"{AccessOptions.SectionName}:ApiKeys").GetChildren().Select(entry => entry["Key"]),
        ]));
}
