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
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
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
