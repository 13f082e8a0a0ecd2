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
    /// <summary>The largest settings file read: a bigger one is refused rather than read and hashed every poll.</summary>
    public const long MaxLength = 4 * 1024 * 1024;

    /// <summary>The signature of a missing or unreadable file.</summary>
    public static FileSignature Missing { get; } = new(null, -1, default, "");

    /// <summary>
    /// Reads the signature of <paramref name="path"/>, and the content it hashed. When the real path, length and
    /// modification time are those of <paramref name="previous"/>, that is returned as it is, without reading the
    /// file: a poll every second costs a stat, not a read and a hash. A file over <see cref="MaxLength"/> and one
    /// that is empty are not opened, and <c>Refused</c> says why: stat gives a FIFO, a device or a socket a length
    /// of 0, and opening a FIFO would block the watcher until something writes to it.
    /// </summary>
    public static (FileSignature Signature, byte[]? Content, string? Refused) Read(string path, FileSignature? previous = null)
    {
        try
        {
            var real = ResolveLinks(path);
            var info = new FileInfo(real);
            if (!info.Exists)
            {
                return (Missing, null, null);
            }

            var (length, modified) = (info.Length, info.LastWriteTimeUtc);
            if (previous is not null && previous.RealPath == real && previous.Length == length && previous.Modified == modified)
            {
                return (previous, null, null);
            }

            if (length == 0 || length > MaxLength)
            {
                return (new FileSignature(real, length, modified, ""), null,
                    length == 0 ? "empty, or not a regular file" : $"larger than {MaxLength / (1024 * 1024)} MiB ({length} bytes)");
            }

            var content = File.ReadAllBytes(real);
            return content.LongLength > MaxLength
                ? (new FileSignature(real, content.LongLength, modified, ""), null, $"larger than {MaxLength / (1024 * 1024)} MiB ({content.LongLength} bytes)")
                : (new FileSignature(real, content.LongLength, modified, Convert.ToHexString(SHA256.HashData(content))), content, null);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return (Missing, null, null);
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
