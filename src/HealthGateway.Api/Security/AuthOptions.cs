namespace HealthGateway.Api.Security;

/// <summary><c>HealthGateway:Auth</c>.</summary>
public sealed class AuthOptions
{
    public JwtOptions Jwt { get; set; } = new();
}
