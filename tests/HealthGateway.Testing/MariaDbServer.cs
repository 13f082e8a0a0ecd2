using System.Globalization;
using System.Net.Sockets;
using MySqlConnector;

namespace HealthGateway.Testing;

/// <summary>
/// A real MariaDB server process (Debian's mariadb-server) on a free loopback port, with its own throwaway data
/// directory and socket. A user with a password and a database of its own are created, so a wrong password and
/// an unknown database really fail as they would against a team's server.
/// </summary>
public sealed class MariaDbServer : ServerProcess
{
    public const string DefaultUser = "healthgateway";
    public const string DefaultPassword = "my-S3cret-value";
    public const string DefaultDatabase = "app";

    private const string InstallHint = "install MariaDB (Debian package 'mariadb-server'), as .ci/run does";

    private static readonly TimeSpan _readyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan _stopTimeout = TimeSpan.FromSeconds(20);
    private static readonly string[] _binaryDirectories = ["/usr/sbin", "/usr/bin", "/usr/local/bin"];

    // mariadb-install-db takes seconds; one template per test process, copied for each server, keeps a start
    // to the server's own boot.
    private static readonly SemaphoreSlim _templateLock = new(1, 1);
    private static string? _templateDirectory;

    private readonly string _dataDirectory;

    private MariaDbServer(string rootDirectory, int port)
        : base("MariaDB", rootDirectory, port, PosixSignals.Terminate, _stopTimeout)
    {
        _dataDirectory = Path.Combine(rootDirectory, "data");
    }

    public string Username => DefaultUser;

    public string Password => DefaultPassword;

    public string Database => DefaultDatabase;

    /// <summary>The server's Unix socket, on which root logs in without a password (the fixture's own admin path).</summary>
    public string SocketPath => Path.Combine(RootDirectory, "mysqld.sock");

    /// <summary>MySqlConnector connection string for <see cref="Username"/> on <see cref="Database"/> over TCP.</summary>
    public string ConnectionString => ConnectionStringFor(Database);

    /// <summary>Starts mariadbd on a free port; ready once the test user can run <c>SELECT 1</c> over TCP.</summary>
    public static async Task<MariaDbServer> StartAsync(CancellationToken ct = default)
    {
        var started = await StartOnFreePortAsync("healthgateway-mariadb-", CopyTemplateAsync, (rootDirectory, port) => new MariaDbServer(rootDirectory, port), ct);
        try
        {
            await started.CreateDefaultUserAsync(ct);
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    public string ConnectionStringFor(string database, string? password = null) => new MySqlConnectionStringBuilder
    {
        Server = Host,
        Port = (uint)Port,
        UserID = Username,
        Password = password ?? Password,
        Database = database,
    }.ConnectionString;

    /// <summary>Runs SQL as root over the socket (DDL, seed data), returning the rows affected.</summary>
    public async Task<int> ExecuteAsync(string sql, CancellationToken ct = default)
    {
        await using var connection = new MySqlConnection(AdminConnectionString());
        await connection.OpenAsync(ct);
        await using var command = new MySqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Creates a database the test user may use and returns a connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var quoted = QuoteIdentifier(name);
        await ExecuteAsync($"CREATE DATABASE {quoted}; GRANT ALL ON {quoted}.* TO '{Username}'@'%';", ct);
        return ConnectionStringFor(name);
    }

    /// <summary>Creates another user with a password, allowed on <paramref name="database"/> (default: <see cref="Database"/>).</summary>
    public async Task<string> CreateUserAsync(string user, string password, string? database = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        var db = database ?? Database;
        await ExecuteAsync(
            $"CREATE USER {QuoteString(user)}@'%' IDENTIFIED BY {QuoteString(password)}; " +
            $"GRANT ALL ON {QuoteIdentifier(db)}.* TO {QuoteString(user)}@'%';", ct);
        return new MySqlConnectionStringBuilder(ConnectionStringFor(db)) { UserID = user, Password = password }.ConnectionString;
    }

    // mariadb-install-db takes seconds: a copy of the template keeps a start to the server's own boot.
    private static async Task CopyTemplateAsync(string rootDirectory, CancellationToken ct)
    {
        var template = await GetTemplateAsync(ct);
        await ProcessRunner.RunToCompletionAsync("cp", ["-a", template, Path.Combine(rootDirectory, "data")], TimeSpan.FromSeconds(60), ct: ct);
    }

    // One template per installed MariaDB, kept in the temp directory across runs (a test host's exit handlers do not
    // always run, so a per-run template was left behind each time); built aside and renamed, so a concurrent run
    // never sees half of one.
    private static async Task<string> GetTemplateAsync(CancellationToken ct)
    {
        await _templateLock.WaitAsync(ct);
        try
        {
            if (_templateDirectory is not null && Directory.Exists(_templateDirectory))
            {
                return _templateDirectory;
            }

            var mariadbd = new FileInfo(ExecutableLocator.Find("mariadbd", InstallHint, _binaryDirectories));
            var key = string.Create(CultureInfo.InvariantCulture, $"{mariadbd.Length:x}-{mariadbd.LastWriteTimeUtc.Ticks:x}");
            var template = Path.Combine(Path.GetTempPath(), $"healthgateway-mariadb-template-{key}-{Environment.UserName}");
            if (!Directory.Exists(template))
            {
                var installDb = ExecutableLocator.Find("mariadb-install-db", InstallHint, _binaryDirectories);
                var building = template + "." + Guid.NewGuid().ToString("N");
                List<string> arguments =
                [
                    "--no-defaults", "--datadir=" + building, "--auth-root-authentication-method=normal",
                    "--skip-test-db", "--skip-name-resolve", "--innodb-log-file-size=8M",
                ];
                AddRunAsUser(arguments);
                try
                {
                    await ProcessRunner.RunToCompletionAsync(installDb, arguments, TimeSpan.FromSeconds(120), Path.GetTempPath(), ct);
                    Directory.Move(building, template);
                }
                catch (IOException) when (Directory.Exists(template))
                {
                    // Another run finished its template first: use that one.
                }
                finally
                {
                    if (Directory.Exists(building))
                    {
                        Directory.Delete(building, recursive: true);
                    }
                }
            }

            _templateDirectory = template;
            return template;
        }
        finally
        {
            _templateLock.Release();
        }
    }

    // mariadbd refuses to run as root unless told so; --user=root keeps files owned by the test's own user,
    // so the scratch directory can be deleted like every other. Unprivileged, --user would only warn.
    private static void AddRunAsUser(List<string> arguments)
    {
        if (Environment.IsPrivilegedProcess)
        {
            arguments.Add("--user=root");
        }
    }

    private protected override ProcessRunner StartProcess()
    {
        var mariadbd = ExecutableLocator.Find("mariadbd", InstallHint, _binaryDirectories);
        List<string> arguments =
        [
            "--no-defaults", "--datadir=" + _dataDirectory, "--port=" + Port.ToString(CultureInfo.InvariantCulture),
            "--bind-address=127.0.0.1", "--socket=" + SocketPath, "--pid-file=" + Path.Combine(RootDirectory, "mysqld.pid"),
            "--skip-name-resolve", "--skip-log-bin", "--innodb-buffer-pool-size=16M", "--innodb-log-file-size=8M",
            "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0", "--performance-schema=off",
            "--max-connections=200", "--skip-ssl",
        ];
        AddRunAsUser(arguments);
        return ProcessRunner.Start(mariadbd, arguments, RootDirectory, PosixSignals.Terminate);
    }

    private async Task CreateDefaultUserAsync(CancellationToken ct) =>
        await ExecuteAsync(
            $"CREATE DATABASE IF NOT EXISTS {QuoteIdentifier(Database)}; " +
            $"CREATE USER IF NOT EXISTS '{Username}'@'%' IDENTIFIED BY {QuoteString(Password)}; " +
            // On *.*: MariaDB tells a user without rights on a database "access denied", not "unknown database".
            $"GRANT ALL ON *.* TO '{Username}'@'%';", ct);

    // Over TCP, not only the socket: the port is what the tests use. Root may only log in on the socket, so any
    // answer from the server, "access denied" too, means it listens.
    private protected override Task WaitUntilReadyAsync(ProcessRunner server, CancellationToken ct) =>
        ServerReadiness.WaitAsync(server, $"MariaDB on 127.0.0.1:{Port}", _readyTimeout, TimeSpan.FromMilliseconds(100),
            async token =>
            {
                if (!server.OutputContains("ready for connections"))
                {
                    return false;
                }

                try
                {
                    await using var connection = new MySqlConnection(new MySqlConnectionStringBuilder(AdminConnectionString())
                    {
                        Server = Host,
                        Port = (uint)Port,
                        ConnectionProtocol = MySqlConnectionProtocol.Tcp,
                    }.ConnectionString);
                    await connection.OpenAsync(token);
                }
                catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.AccessDenied)
                {
                    // Refused root over TCP: the server answered, so it listens.
                }

                return true;
            },
            static ex => ex is MySqlException or SocketException or TimeoutException, ct, "Address already in use", "Do you already have another");

    // Root over the socket needs no password (auth-root-authentication-method=normal with an empty one); unpooled,
    // so the fixture's connections never sit in a pool or keep a server busy.
    private string AdminConnectionString() => new MySqlConnectionStringBuilder
    {
        Server = SocketPath,
        ConnectionProtocol = MySqlConnectionProtocol.Unix,
        UserID = "root",
        Pooling = false,
        ConnectionTimeout = 5,
        AllowUserVariables = true,
    }.ConnectionString;

    private static string QuoteIdentifier(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

    private static string QuoteString(string value) =>
        "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
}
