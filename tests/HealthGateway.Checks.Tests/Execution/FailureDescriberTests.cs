using System.Net.Sockets;
using HealthGateway.Checks.Execution;

namespace HealthGateway.Checks.Tests.Execution;

public sealed class FailureDescriberTests
{
    [Fact]
    public void ARefusedConnectionInsideAnHttpErrorIsSaidPlainly()
    {
        var exception = new HttpRequestException("Connection refused (localhost:8000)", new SocketException((int)SocketError.ConnectionRefused));

        Assert.Equal("connection refused (localhost:8000)", FailureDescriber.Describe(exception, "localhost:8000"));
    }

    [Fact]
    public void AnUnknownExceptionGetsItsTypeAndFirstLineOnly()
    {
        var description = FailureDescriber.Describe(new InvalidOperationException("first line\n   at Some.Stack.Trace()"), "t:1");

        Assert.Equal("InvalidOperationException: first line (t:1)", description);
    }
}
