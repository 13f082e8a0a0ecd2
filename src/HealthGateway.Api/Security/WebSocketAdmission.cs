namespace HealthGateway.Api.Security;

/// <summary>
/// Whom a <c>/ws</c> connection belongs to and until when (a token's expiry), or the answer that refuses it.
/// <see cref="User"/> is null when the caller may connect as whichever user <c>?user=</c> names.
/// </summary>
public sealed record WebSocketAdmission(string? User, DateTimeOffset? ExpiresAt, IResult? Refusal)
{
    public static WebSocketAdmission Refused(IResult refusal) => new(null, null, refusal);
}
