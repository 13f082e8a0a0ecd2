using System.Diagnostics;
using HealthGateway.Api.Reload;

namespace HealthGateway.Api.Tests.Reload;

/// <summary>What the watcher's poll reads of a settings file: a stat when nothing changed, never a FIFO or a huge file.</summary>
public sealed class FileSignatureTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("hg-signature-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void AnUnchangedFileIsNotReadAgainAndAChangedOneIs()
    {
        var path = Path.Combine(_directory.FullName, "gateway.json");
        File.WriteAllText(path, "{}");
        var (first, content, _) = FileSignature.Read(path);
        Assert.NotNull(content);

        var (again, reread, refused) = FileSignature.Read(path, first);
        Assert.Same(first, again);
        Assert.Null(reread);
        Assert.Null(refused);

        File.WriteAllText(path, "{ \"a\": 1 }");
        var (changed, changedContent, _) = FileSignature.Read(path, first);
        Assert.NotEqual(first, changed);
        Assert.NotNull(changedContent);
    }

    [Fact]
    public async Task AFifoIsRefusedWithoutBlocking()
    {
        var path = Path.Combine(_directory.FullName, "gateway.json");
        using (var mkfifo = Process.Start("mkfifo", path))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // Opening a FIFO blocks until a writer comes: the poll must not even open it.
        var (signature, content, refused) = await Task.Run(() => FileSignature.Read(path)).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Null(content);
        Assert.Equal("empty, or not a regular file", refused);
        Assert.NotEqual(FileSignature.Missing, signature);
    }

    [Fact]
    public void AFileOverTheCapIsRefusedUnread()
    {
        var path = Path.Combine(_directory.FullName, "gateway.json");
        using (var file = File.Create(path))
        {
            file.SetLength(FileSignature.MaxLength + 1);
        }

        var (_, content, refused) = FileSignature.Read(path);
        Assert.Null(content);
        Assert.Equal($"larger than 4 MiB ({FileSignature.MaxLength + 1} bytes)", refused);
    }
}
