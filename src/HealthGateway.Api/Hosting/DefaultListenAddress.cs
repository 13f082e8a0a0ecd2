namespace HealthGateway.Api.Hosting;

/// <summary>
/// Where the gateway listens when nobody said: <c>http://localhost:8080</c>. Decided in code, not in
/// appsettings.json, because a <c>Urls</c> there would outrank <c>ASPNETCORE_URLS</c> and
/// <c>ASPNETCORE_HTTP_PORTS</c>, the settings every ASP.NET Core user, container image and manifest uses.
/// </summary>
public static class DefaultListenAddress
{
    /// <summary>The address used when no listen setting is given.</summary>
    public const string Url = "http://localhost:8080";

    // The keys ASP.NET Core reads from configuration, whatever the source: URLS, ASPNETCORE_URLS, DOTNET_URLS,
    // --urls, a Urls entry in a settings file; HTTP_PORTS and HTTPS_PORTS likewise. Configuration keys ignore case.
    private static readonly string[] ListenKeys = ["urls", "http_ports", "https_ports"];

    /// <summary>Listens on <see cref="Url"/> unless configuration names addresses, ports or Kestrel endpoints.</summary>
    public static WebApplicationBuilder UseDefaultListenAddress(this WebApplicationBuilder builder)
    {
        if (!NamesListenAddress(builder.Configuration))
        {
            builder.WebHost.UseUrls(Url);
        }

        return builder;
    }

    /// <summary>Whether <paramref name="configuration"/> says where to listen, in any way ASP.NET Core honours.</summary>
    public static bool NamesListenAddress(IConfiguration configuration) =>
        ListenKeys.Any(key => !string.IsNullOrWhiteSpace(configuration[key]))
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
}
