using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace HealthGateway.Api.Dashboard;

/// <summary>
/// The dashboard's files (wwwroot/), embedded in the gateway's assembly at build time: the published binary
/// serves them wherever it is started from, with no content root, CDN or internet involved.
/// </summary>
public sealed class DashboardAssets
{
    /// <summary>The logical-name prefix the project file gives every embedded wwwroot file.</summary>
    public const string ResourcePrefix = "dashboard/";

    private readonly Dictionary<string, DashboardAsset> _assets;

    /// <summary>Loads every embedded dashboard file once.</summary>
    public DashboardAssets()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var types = new FileExtensionContentTypeProvider();
        _assets = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(name => Load(assembly, name, types))
            .ToDictionary(asset => asset.Name, StringComparer.Ordinal);
    }

    /// <summary>The file named <paramref name="name"/> (such as <c>dashboard.js</c>), or null.</summary>
    public DashboardAsset? Find(string name) => _assets.GetValueOrDefault(name);

    private static DashboardAsset Load(Assembly assembly, string resource, FileExtensionContentTypeProvider types)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        var name = resource[ResourcePrefix.Length..];
        var contentType = types.TryGetContentType(name, out var type) ? type : "application/octet-stream";
        if (contentType.StartsWith("text/", StringComparison.Ordinal) || contentType.EndsWith("javascript", StringComparison.Ordinal))
        {
            contentType += "; charset=utf-8";
        }

        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
        return new DashboardAsset(name, contentType, content, etag);
    }
}
