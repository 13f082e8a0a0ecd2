using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Options;

namespace HealthGateway.Api.Reload;

/// <summary>
/// The one settings file besides appsettings.json, named by <c>--config FILE</c> or <c>HEALTHGATEWAY_CONFIG</c>:
/// layered over the appsettings files and under environment variables and the command line, and, like them,
/// reloaded while the gateway runs (<see cref="ConfigurationFileWatcher"/>).
/// </summary>
public static class GatewayConfigurationFile
{
    /// <summary>The command-line key: <c>--config FILE</c> (or <c>--config=FILE</c>).</summary>
    public const string CommandLineKey = "config";

    /// <summary>The environment variable naming the file when the command line does not.</summary>
    public const string EnvironmentVariable = "HEALTHGATEWAY_CONFIG";

    /// <summary>
    /// Adds the named file to the configuration, and makes every JSON settings file reload by polling instead of
    /// the framework's file watcher (which misses a ConfigMap's symlink swap, and would reload behind the
    /// reloader's back).
    /// </summary>
    /// <exception cref="OptionsValidationException">The file is named but does not exist.</exception>
    public static WebApplicationBuilder AddGatewayConfigurationFile(this WebApplicationBuilder builder)
    {
        var files = new List<(string Path, bool Optional)>();
        foreach (var source in builder.Configuration.Sources)
        {
            if (source is JsonConfigurationSource { FileProvider: PhysicalFileProvider provider, Path: { } relative } json)
            {
                files.Add((Path.Combine(provider.Root, relative), json.Optional));
                json.ReloadOnChange = false;
            }
        }

        // The framework's own watcher would reload a file behind the reloader's back (and misses a ConfigMap's
        // symlink swap): a provider's Dispose ends its watch and nothing else; it goes on serving its values.
        foreach (var provider in ((IConfigurationRoot)builder.Configuration).Providers.OfType<FileConfigurationProvider>())
        {
            provider.Dispose();
        }

        if (LayerNamedFile(builder.Configuration) is { } named)
        {
            files.Add((named, false));
        }

        builder.Services.AddSingleton(new WatchedConfigurationFiles(files));
        builder.Services.AddHostedService<ConfigurationFileWatcher>();
        return builder;
    }

    /// <summary>
    /// Layers the file named by <c>--config</c> or <c>HEALTHGATEWAY_CONFIG</c>, if any, over the appsettings files
    /// and under what came after them, and returns its full path. The server and the CLI verbs (which read the same
    /// settings once, without watching) both go through here.
    /// </summary>
    /// <exception cref="OptionsValidationException">The file is named but does not exist.</exception>
    public static string? LayerNamedFile(ConfigurationManager configuration)
    {
        var named = configuration[CommandLineKey] is { Length: > 0 } fromCommandLine ? fromCommandLine : configuration[EnvironmentVariable];
        if (string.IsNullOrWhiteSpace(named))
        {
            return null;
        }

        var path = Path.GetFullPath(named.Trim());
        if (!File.Exists(path))
        {
            throw new OptionsValidationException(CommandLineKey, typeof(GatewayConfigurationFile),
                [$"--config / {EnvironmentVariable}: the file '{path}' does not exist"]);
        }

        // Over the appsettings files and under what came after them (environment variables, the command line):
        // those are added again after the file. Inserting instead would rebuild every provider and lose what was
        // set on the configuration directly (UseUrls).
        IList<IConfigurationSource> sources = ((IConfigurationBuilder)configuration).Sources;
        var afterFiles = 0;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource)
            {
                afterFiles = i + 1;
            }
        }

        var later = sources.Skip(afterFiles).ToList();
        sources.Add(Source(path));
        foreach (var source in later)
        {
            sources.Add(source);
        }

        return path;
    }

    private static JsonConfigurationSource Source(string path)
    {
        // Dot-prefixed folders (a ConfigMap's ..data) must not be excluded: the file is read through them.
        var source = new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(Path.GetDirectoryName(path)!, ExclusionFilters.None),
            Path = Path.GetFileName(path),
            Optional = false,
            ReloadOnChange = false,
        };
        source.ResolveFileProvider();
        return source;
    }
}
