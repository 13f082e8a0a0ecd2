using HealthGateway.Checks.Composition.Validation;
using HealthGateway.Checks.Core.KindContract;
using HealthGateway.Checks.Core.Secrets;
using HealthGateway.Checks.Tests.Composition.Validation;

namespace HealthGateway.Checks.Tests.Core.Secrets;

public sealed class SecretRedactorTests
{
    [Fact]
    public void PasswordsFromEveryKindOfTargetAndTheApiKeyAreMasked()
    {
        var gateway = TestConfiguration.Gateway(
            ("Services:db:Kind", "postgres"), ("Services:db:ConnectionString", "Host=db;Username=u;Password=pg-pass-1"),
            ("Services:cache:Kind", "redis"), ("Services:cache:ConnectionString", "cache:6379,password=redis-pass-2"),
            ("Services:api:Kind", "http"), ("Services:api:Url", "http://bob:url-pass-3@api/health"), ("Services:api:Headers:Authorization", "Bearer tok-4"));
        var redactor = new SecretRedactor([new SecretSource(() => GatewayServices.Secrets(gateway, ServiceKindCatalog.BuiltIn)), SecretSource.Of("api-key-5")]);

        var text = redactor.Redact("pg-pass-1 redis-pass-2 url-pass-3 Bearer tok-4 api-key-5 ok");

        Assert.Equal("*** *** *** *** *** ok", text);
    }
}
