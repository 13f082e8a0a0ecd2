using System.Security.Cryptography;

namespace HealthGateway.Api.Reload;

/// <summary>
/// What a settings file is right now: the real path behind its symlinks, its length, its modification time and a
/// hash of its content. A Kubernetes ConfigMap swaps its <c>..data</c> symlink to a new folder, so the file's own
/// inode never changes and no watcher on it fires; the real path and content do change, and polling sees them.
/// </summary>
/// <param name="RealPath">The path with every symlink resolved; null when the file is missing.</param>
/// <param name="Length">Bytes.</param>
/// <param name="Modified">Last write time of the real file.</param>
/// <param name="Hash">SHA-256 of the content, hex.</param>
public sealed record FileSignature(string? RealPath, long Length, DateTime Modified, string Hash)
{
    /// <summary>The signature of a missing or unreadable file.</summary>
    public static FileSignature Missing { get; } = new(null, -1, default, "");

    /// <summary>Reads the signature of <paramref name="path"/>, and the content it hashed.</summary>
    public static (FileSignature Signature, byte[]? Content) Read(string path)
    {
        try
        {
            var real = ResolveLinks(path);
            var info = new FileInfo(real);
            var content = File.ReadAllBytes(real);
            return (new FileSignature(real, content.LongLength, info.LastWriteTimeUtc, Convert.ToHexString(SHA256.HashData(content))), content);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return (Missing, null);
        }
    }

    /// <summary><paramref name="path"/> with the symlinks of every component resolved, as realpath(3) does.</summary>
    public static string ResolveLinks(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "/";
        var resolved = root;
        var parts = new Queue<string>(full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));

        // A bound on links followed, as the kernel has, so a link loop ends.
        for (var links = 0; parts.Count > 0;)
        {
            var candidate = Path.Combine(resolved, parts.Dequeue());
            var link = new FileInfo(candidate).LinkTarget;
            if (link is null || ++links > 40)
            {
                resolved = candidate;
                continue;
            }

            var target = Path.GetFullPath(Path.IsPathRooted(link) ? link : Path.Combine(resolved, link));
            var targetRoot = Path.GetPathRoot(target) ?? "/";
            foreach (var part in parts)
            {
                target = Path.Combine(target, part);
            }

            resolved = targetRoot;
            parts = new Queue<string>(target[targetRoot.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        }

        return resolved;
    }
}
