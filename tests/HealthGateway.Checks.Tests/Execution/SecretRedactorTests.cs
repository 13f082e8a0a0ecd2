using HealthGateway.Checks.Configuration;
using HealthGateway.Checks.Execution;

namespace HealthGateway.Checks.Tests.Execution;

public sealed class SecretRedactorTests
{
    [Fact]
    public void PasswordsFromEveryKindOfTargetAndTheApiKeyAreMasked()
    {
        var options = new GatewayOptions
        {
            Services =
            {
                ["db"] = new ServiceOptions { Kind = "postgres", ConnectionString = "Host=db;Username=u;Password=pg-pass-1" },
                ["cache"] = new ServiceOptions { Kind = "redis", ConnectionString = "cache:6379,password=redis-pass-2" },
                ["api"] = new ServiceOptions { Kind = "http", Url = "http://bob:url-pass-3@api/health", Headers = { ["Authorization"] = "Bearer tok-4" } },
            },
        };
        var redactor = new SecretRedactor(options, ["api-key-5"]);

        var text = redactor.Redact("pg-pass-1 redis-pass-2 url-pass-3 Bearer tok-4 api-key-5 ok");

        Assert.Equal("*** *** *** *** *** ok", text);
    }
}
