using HealthGateway.Checks.Core.KindContract;

namespace HealthGateway.Checks.Tests.Core.KindContract;

/// <summary>What the gateway shares with the checks kinds create: one part per setting, not per service.</summary>
public sealed class CheckServicesTests
{
    [Fact]
    public void APartOfTheSameSettingsIsBuiltOnceAndOneOfOtherSettingsApart()
    {
        var services = new CheckServices(TimeProvider.System);
        var built = 0;
        object Build((int Retries, TimeSpan Delay) settings) => new { settings, built = ++built };

        var first = services.Reuse((3, TimeSpan.FromSeconds(1)), Build);
        var again = services.Reuse((3, TimeSpan.FromSeconds(1)), Build);
        var other = services.Reuse((2, TimeSpan.FromSeconds(1)), Build);

        Assert.Same(first, again);
        Assert.NotSame(first, other);
        Assert.Equal(2, built);
    }
}
