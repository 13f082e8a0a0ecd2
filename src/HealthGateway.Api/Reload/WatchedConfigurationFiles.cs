namespace HealthGateway.Api.Reload;

/// <summary>The settings files the gateway polls for a change: the appsettings files and the <c>--config</c> file.</summary>
/// <param name="Files">Absolute paths as configured (symlinks not resolved: the link is what stays put), and whether
/// the file may be missing (an appsettings file may; the <c>--config</c> file may not).</param>
public sealed record WatchedConfigurationFiles(IReadOnlyList<(string Path, bool Optional)> Files);
