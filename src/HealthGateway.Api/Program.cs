using HealthGateway.Api.CommandLine;
using HealthGateway.Api.Hosting;

// check, wait and probe (and --help) are command-line verbs; anything else runs the server.
if (GatewayCommandLine.Handles(args))
{
    return await GatewayCommandLine.InvokeAsync(args);
}

// The content root is the binary's own folder, so the published gateway finds its appsettings.json wherever
// it is started from.
try
{
    // The slim builder leaves out Kestrel's QUIC transport (HTTP/3), which the gateway never offers, and the
    // EventLog/Debug/EventSource logging providers Serilog replaces; HTTPS endpoints (Kestrel:Endpoints, https://
    // URLs, Kestrel:Certificates) are added back explicitly. Measured in docs/BENCHMARKS.md (issue 24).
    var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.WebHost.UseKestrelHttpsConfiguration();
    builder.AddHealthGateway();

    var app = builder.Build();
    app.MapHealthGateway();

    return await app.RunGatewayAsync();
}
catch (Exception exception) when (StartupErrors.Describe(exception) is { } message)
{
    await Console.Error.WriteLineAsync(message);
    return StartupErrors.ConfigurationErrorExitCode;
}
