using HealthGateway.Testing;

namespace HealthGateway.Api.Tests.Reload;

/// <summary>
/// What every reload test class needs: a temporary folder for the settings files the gateway is started on and
/// rewrites, and a real HTTP target for its services. Both live for one test and are removed after it.
/// </summary>
public abstract class ReloadTestBase : IAsyncLifetime
{
    protected DirectoryInfo SettingsFolder { get; } = System.IO.Directory.CreateTempSubdirectory("hg-reload-");

    protected TargetServer Target { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Target = await TargetServer.StartAsync();

    public virtual async Task DisposeAsync()
    {
        await Target.DisposeAsync();
        SettingsFolder.Delete(recursive: true);
    }
}
