namespace HealthGateway.Api.Diagnostics;

/// <summary>The data of each event the notifier self-check sends: <c>{"probe":"diagnostics","step":1}</c>.</summary>
internal sealed record ProbeStepData(string Probe, int Step);
