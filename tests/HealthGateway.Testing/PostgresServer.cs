using System.Globalization;
using System.Net.Sockets;
using Npgsql;

namespace HealthGateway.Testing;

/// <summary>
/// A real PostgreSQL server process on a free loopback port, with its own throwaway data directory.
/// Password authentication (SCRAM) is on for TCP, so a wrong password really fails.
/// </summary>
public sealed class PostgresServer : ServerProcess
{
    public const string DefaultPassword = "pg-S3cret-value";

    private const string ServiceUser = "postgres";
    private const string InstallHint = "install PostgreSQL (Debian package 'postgresql'), as .ci/run does";

    private static readonly TimeSpan _readyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan _stopTimeout = TimeSpan.FromSeconds(15);
    private static readonly string[] _binaryDirectories = ["/usr/lib/postgresql/*/bin"];

    private readonly string _dataDirectory;
    private readonly string _socketDirectory;

    // SIGINT is PostgreSQL's fast shutdown: open sessions are rolled back and cut.
    private PostgresServer(string rootDirectory, int port, string password)
        : base("PostgreSQL", rootDirectory, port, PosixSignals.Interrupt, _stopTimeout)
    {
        _dataDirectory = Path.Combine(rootDirectory, "data");
        _socketDirectory = Path.Combine(rootDirectory, "socket");
        Password = password;
    }

    public string Username => ServiceUser;

    public string Password { get; }

    /// <summary>Npgsql connection string for the <c>postgres</c> database.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    /// <summary>Runs initdb in a temp directory and starts the server; ready once <c>SELECT 1</c> succeeds.</summary>
    public static Task<PostgresServer> StartAsync(string password = DefaultPassword, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        return StartOnFreePortAsync("healthgateway-pg-", (rootDirectory, token) => InitializeDataDirectoryAsync(rootDirectory, password, token),
            (rootDirectory, port) => new PostgresServer(rootDirectory, port, password), ct);
    }

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Username = Username,
        Password = Password,
        Database = database,
    }.ConnectionString;

    /// <summary>Creates a database and returns a connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        await using var connection = new NpgsqlConnection(ProbeConnectionString("postgres"));
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE DATABASE \"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await command.ExecuteNonQueryAsync(ct);
        return ConnectionStringFor(name);
    }

    /// <summary>
    /// The postmaster first, so it spawns no backend a freeze would miss, then every backend: new connections
    /// complete the TCP handshake in the kernel but are never answered, and pooled connections hang too, as with a
    /// hung server rather than a refused port. setpriv execs, so the process started is the postmaster itself.
    /// </summary>
    private protected override IEnumerable<int> FreezeOrder(int pid) => [pid, .. PosixSignals.Descendants(pid)];

    private static async Task InitializeDataDirectoryAsync(string rootDirectory, string password, CancellationToken ct)
    {
        var initdb = ExecutableLocator.Find("initdb", InstallHint, _binaryDirectories);
        var passwordFile = Path.Combine(rootDirectory, "pwfile");
        await File.WriteAllTextAsync(passwordFile, password + "\n", ct);
        Directory.CreateDirectory(Path.Combine(rootDirectory, "socket"));
        if (Environment.IsPrivilegedProcess)
        {
            await ProcessRunner.RunToCompletionAsync(
                "chown", ["-R", ServiceUser + ":", rootDirectory], TimeSpan.FromSeconds(30), ct: ct);
        }

        // --no-sync and the C locale keep initdb well under a second; durability is pointless for a test server.
        string[] arguments =
        [
            "-D", Path.Combine(rootDirectory, "data"), "-U", ServiceUser, "--pwfile", passwordFile,
            "--auth-host=scram-sha-256", "--auth-local=trust", "--no-sync", "--no-locale", "-E", "UTF8",
        ];
        var (fileName, fullArguments) = AsServiceUser(initdb, arguments);
        try
        {
            await ProcessRunner.RunToCompletionAsync(fileName, fullArguments, TimeSpan.FromSeconds(60), rootDirectory, ct);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    // PostgreSQL refuses to run as root, and CI runs as root. setpriv (util-linux, on every Debian) rather than
    // runuser: setpriv execs, so the process we start IS the postmaster. runuser stays in between as a parent
    // that stops itself when its child is stopped, and is never resumed by Thaw, so after a Freeze it could not
    // reap the postmaster and shutdown hung.
    private static (string FileName, string[] Arguments) AsServiceUser(string executable, string[] arguments) =>
        Environment.IsPrivilegedProcess
            ? ("setpriv", ["--reuid=" + ServiceUser, "--regid=" + ServiceUser, "--init-groups", "--", executable, .. arguments])
            : (executable, arguments);

    private protected override ProcessRunner StartProcess()
    {
        var postgres = ExecutableLocator.Find("postgres", InstallHint, _binaryDirectories);
        string[] arguments =
        [
            "-D", _dataDirectory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-k", _socketDirectory,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off",
            "-c", "synchronous_commit=off",
        ];
        var (fileName, fullArguments) = AsServiceUser(postgres, arguments);
        return ProcessRunner.Start(fileName, fullArguments, RootDirectory, PosixSignals.Interrupt);
    }

    // Refused while binding, or "the database system is starting up": both mean "not yet".
    private protected override Task WaitUntilReadyAsync(ProcessRunner server, CancellationToken ct) =>
        ServerReadiness.WaitAsync(server, $"PostgreSQL on 127.0.0.1:{Port}", _readyTimeout, TimeSpan.FromMilliseconds(100),
            async token =>
            {
                await using var connection = new NpgsqlConnection(ProbeConnectionString("postgres"));
                await connection.OpenAsync(token);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(token);
                return true;
            },
            static ex => ex is NpgsqlException or SocketException or TimeoutException, ct, "could not bind", "Address already in use");

    // Unpooled, so the fixture's own connections never sit in the pool a test uses, nor keep a server busy.
    private string ProbeConnectionString(string database) => new NpgsqlConnectionStringBuilder(ConnectionStringFor(database))
    {
        Pooling = false,
        Timeout = 2,
    }.ConnectionString;
}
