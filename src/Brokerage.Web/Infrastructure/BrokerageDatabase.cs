using System.Data.Common;

namespace Brokerage.Web.Infrastructure;

/// <summary>Which database the app runs on, read once from <c>ConnectionStrings:Brokerage</c>.</summary>
public sealed record BrokerageDatabase(string ConnectionString, bool IsPostgres)
{
    public const string DefaultConnectionString = "Data Source=data/brokerage.db";

    /// <summary>
    /// A connection string that names a Host is PostgreSQL's (Npgsql's keywords); anything else
    /// is a SQLite file, taken from the app root when its path is relative.
    /// </summary>
    public static BrokerageDatabase From(IConfiguration configuration, string appRoot)
    {
        var connectionString = configuration.GetConnectionString("Brokerage") ?? DefaultConnectionString;
        var keywords = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (keywords.ContainsKey("Host") || keywords.ContainsKey("Server"))
        {
            return new BrokerageDatabase(connectionString, IsPostgres: true);
        }

        var sqlite = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (!Path.IsPathRooted(sqlite.DataSource) && sqlite.DataSource != ":memory:")
        {
            sqlite.DataSource = Path.Combine(appRoot, sqlite.DataSource);
        }

        return new BrokerageDatabase(sqlite.ToString(), IsPostgres: false);
    }
}
