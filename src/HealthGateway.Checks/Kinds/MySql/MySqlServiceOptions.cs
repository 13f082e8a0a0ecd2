namespace HealthGateway.Checks.Kinds.MySql;

/// <summary>The settings of a <c>mysql</c> service (MySQL or MariaDB), besides the common ones.</summary>
public sealed class MySqlServiceOptions
{
    /// <summary>A MySqlConnector connection string such as <c>Server=db;Port=3306;User ID=app;Password=…;Database=app</c>. Never quoted: it holds a password.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>One SQL statement run instead of <c>SELECT 1</c>; it must return a row.</summary>
    public string? Query { get; set; }

    /// <summary>With <see cref="Query"/>: the text the first column of the first row must equal.</summary>
    public string? Expect { get; set; }
}
