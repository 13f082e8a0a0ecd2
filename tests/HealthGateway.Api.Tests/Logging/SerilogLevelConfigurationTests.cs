using HealthGateway.Api.Logging;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;

namespace HealthGateway.Api.Tests.Logging;

/// <summary>The Serilog:MinimumLevel keys, read without Serilog.Settings.Configuration, as that reader read them.</summary>
public sealed class SerilogLevelConfigurationTests
{
    private static readonly Dictionary<string, LogEventLevel> s_codeOverrides = new(StringComparer.Ordinal)
    {
        ["Microsoft.AspNetCore"] = LogEventLevel.Warning,
    };

    [Fact]
    public void TheDefaultAndOverridesComeFromConfigurationOverTheCodesLevels()
    {
        var configuration = Configuration(new()
        {
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "debug",
            ["Serilog:MinimumLevel:Override:Npgsql"] = "Error",
        });

        using var logger = Logger(configuration);

        Assert.False(logger.IsEnabled(LogEventLevel.Information));
        Assert.True(logger.IsEnabled(LogEventLevel.Warning));
        Assert.True(logger.ForContext(Serilog.Core.Constants.SourceContextPropertyName, "Microsoft.AspNetCore.Routing").IsEnabled(LogEventLevel.Debug));
        Assert.False(logger.ForContext(Serilog.Core.Constants.SourceContextPropertyName, "Npgsql.Connection").IsEnabled(LogEventLevel.Warning));
    }

    [Fact]
    public void AScalarMinimumLevelIsTheDefaultAndTheCodesOverridesStandWithoutConfiguration()
    {
        using var logger = Logger(Configuration(new() { ["Serilog:MinimumLevel"] = "Debug" }));

        Assert.True(logger.IsEnabled(LogEventLevel.Debug));
        Assert.False(logger.ForContext(Serilog.Core.Constants.SourceContextPropertyName, "Microsoft.AspNetCore.Hosting").IsEnabled(LogEventLevel.Information));
    }

    [Fact]
    public void AReloadedConfigurationChangesTheLevelsAtOnceAndARemovedOverrideFallsBackToTheCodes()
    {
        var configuration = Configuration(new()
        {
            ["Serilog:MinimumLevel:Default"] = "Information",
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Debug",
        });
        using var logger = Logger(configuration);
        var aspNetCore = logger.ForContext(Serilog.Core.Constants.SourceContextPropertyName, "Microsoft.AspNetCore.Routing");
        Assert.True(aspNetCore.IsEnabled(LogEventLevel.Debug));

        configuration["Serilog:MinimumLevel:Default"] = "Error";
        configuration["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = null;
        configuration.Reload();

        Assert.False(logger.IsEnabled(LogEventLevel.Warning));
        Assert.True(logger.IsEnabled(LogEventLevel.Error));
        Assert.False(aspNetCore.IsEnabled(LogEventLevel.Information));
        Assert.True(aspNetCore.IsEnabled(LogEventLevel.Warning));
    }

    [Fact]
    public void ALevelThatIsNoLevelStopsTheStartWithOneLineNamingTheKey()
    {
        var configuration = Configuration(new() { ["Serilog:MinimumLevel:Override:Polly"] = "Loud" });

        var error = Assert.Throws<OptionsValidationException>(() => new SerilogLevelConfiguration(configuration, LogEventLevel.Information, s_codeOverrides));

        Assert.StartsWith("Serilog:MinimumLevel:Override:Polly: 'Loud' is not a log level; expected one of Verbose, Debug", Assert.Single(error.Failures));
    }

    private static IConfigurationRoot Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static Serilog.Core.Logger Logger(IConfiguration configuration) =>
        new SerilogLevelConfiguration(configuration, LogEventLevel.Information, s_codeOverrides).ApplyTo(new LoggerConfiguration()).CreateLogger();
}
