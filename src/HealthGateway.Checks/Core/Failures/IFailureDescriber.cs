namespace HealthGateway.Checks.Core.Failures;

/// <summary>
/// Describes the exceptions of one client library in plain words. Every check kind is one
/// (<c>IServiceKind</c> extends this), so <see cref="FailureDescriber"/> asks the kinds it is given and names none.
/// </summary>
public interface IFailureDescriber
{
    /// <summary>
    /// Describes an exception this kind's client throws, in plain words ending with <paramref name="suffix"/>
    /// (<c>" (host:port)"</c>); null when the exception is not one of the kind's own. <paramref name="describe"/>
    /// describes another exception (an inner one) the shared way.
    /// </summary>
    string? Describe(Exception exception, string suffix, Func<Exception, string?> describe);
}
