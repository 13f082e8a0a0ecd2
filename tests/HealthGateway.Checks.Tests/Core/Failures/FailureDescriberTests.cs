using System.Net.Sockets;
using HealthGateway.Checks.Core.Failures;

namespace HealthGateway.Checks.Tests.Core.Failures;

public sealed class FailureDescriberTests
{
    [Fact]
    public void ARefusedConnectionInsideAnHttpErrorIsSaidPlainly()
    {
        var exception = new HttpRequestException("Connection refused (localhost:8000)", new SocketException((int)SocketError.ConnectionRefused));

        Assert.Equal("connection refused (localhost:8000)", FailureDescriber.Describe(exception, "localhost:8000"));
    }

    [Fact]
    public void AnUnknownExceptionGetsItsFirstLineInPlainWordsWithoutItsTypeName()
    {
        var description = FailureDescriber.Describe(new InvalidOperationException("first line\n   at Some.Stack.Trace()"), "t:1");

        Assert.Equal("unexpected error: first line (t:1)", description);
    }

    [Fact]
    public void ControlCharactersFromAPeerNeverReachADescription()
    {
        var description = FailureDescriber.Describe(new InvalidOperationException("Received unknown response \u000b\u0000 for request\r"), "t:1");

        Assert.Equal("unexpected error: Received unknown response for request (t:1)", description);
        Assert.DoesNotContain(description, char.IsControl);
    }

    [Fact]
    public void AnExceptionWithNoMessageIsAnUnexpectedError()
    {
        Assert.Equal("unexpected error (t:1)", FailureDescriber.Describe(new InvalidOperationException("\u0001 "), "t:1"));
    }
}
