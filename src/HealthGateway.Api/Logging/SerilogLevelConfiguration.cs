using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace HealthGateway.Api.Logging;

/// <summary>
/// The <c>Serilog:MinimumLevel</c> section read without Serilog.Settings.Configuration, whose assembly scanning and
/// reflection-bound sink loading the native build cannot run. The same keys: <c>Serilog:MinimumLevel</c> (a level)
/// or <c>Serilog:MinimumLevel:Default</c>, and <c>Serilog:MinimumLevel:Override:&lt;source&gt;</c>. Each level is a
/// <see cref="LoggingLevelSwitch"/>, set again whenever the configuration reloads, so a changed level applies at once
/// (as Serilog's own reader does); a source overridden in code falls back to the code's level when its key goes.
/// </summary>
internal sealed class SerilogLevelConfiguration
{
    private const string Section = "Serilog:MinimumLevel";

    private readonly IConfiguration _configuration;
    private readonly LogEventLevel _defaultLevel;
    private readonly IReadOnlyDictionary<string, LogEventLevel> _codeOverrides;
    private readonly LoggingLevelSwitch _default;
    private readonly Dictionary<string, LoggingLevelSwitch> _overrides = new(StringComparer.Ordinal);

    /// <param name="defaultLevel">The level when the configuration names none.</param>
    /// <param name="codeOverrides">Per-source levels the configuration may override.</param>
    public SerilogLevelConfiguration(IConfiguration configuration, LogEventLevel defaultLevel, IReadOnlyDictionary<string, LogEventLevel> codeOverrides)
    {
        _configuration = configuration;
        _defaultLevel = defaultLevel;
        _codeOverrides = codeOverrides;
        _default = new LoggingLevelSwitch(ReadDefault(configuration) ?? defaultLevel);
        foreach (var (source, level) in codeOverrides)
        {
            _overrides[source] = new LoggingLevelSwitch(level);
        }

        foreach (var (source, level) in ReadOverrides(configuration))
        {
            _overrides[source] = new LoggingLevelSwitch(level);
        }

        ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    /// <summary>Applies the levels to <paramref name="logger"/>.</summary>
    public LoggerConfiguration ApplyTo(LoggerConfiguration logger)
    {
        logger.MinimumLevel.ControlledBy(_default);
        foreach (var (source, levelSwitch) in _overrides)
        {
            logger.MinimumLevel.Override(source, levelSwitch);
        }

        return logger;
    }

    private void Reload()
    {
        // A level that no longer parses keeps the last good one: the running gateway is not stopped for a typo.
        try
        {
            _default.MinimumLevel = ReadDefault(_configuration) ?? _defaultLevel;
            var configured = ReadOverrides(_configuration).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
            foreach (var (source, levelSwitch) in _overrides)
            {
                levelSwitch.MinimumLevel = configured.TryGetValue(source, out var level) ? level
                    : _codeOverrides.TryGetValue(source, out var fromCode) ? fromCode
                    : _default.MinimumLevel;
            }
        }
        catch (OptionsValidationException)
        {
        }
    }

    private static LogEventLevel? ReadDefault(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        return section.Value is { Length: > 0 } scalar ? Parse(section.Path, scalar)
            : section["Default"] is { Length: > 0 } value ? Parse(section.Path + ":Default", value)
            : null;
    }

    private static IEnumerable<KeyValuePair<string, LogEventLevel>> ReadOverrides(IConfiguration configuration) =>
        configuration.GetSection(Section + ":Override").GetChildren()
            .Where(child => !string.IsNullOrEmpty(child.Value))
            .Select(child => KeyValuePair.Create(child.Key, Parse(child.Path, child.Value!)))
            .ToList();

    private static LogEventLevel Parse(string path, string value) =>
        Enum.TryParse<LogEventLevel>(value, ignoreCase: true, out var level) && Enum.IsDefined(level)
            ? level
            : throw new OptionsValidationException(path, typeof(LogEventLevel),
                [$"{path}: '{value}' is not a log level; expected one of {string.Join(", ", Enum.GetNames<LogEventLevel>())}"]);
}
