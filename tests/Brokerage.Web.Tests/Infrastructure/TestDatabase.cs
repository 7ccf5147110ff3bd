using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Brokerage.Web.Tests.Infrastructure;

/// <summary>
/// Where a test app keeps its data. SQLite by default; when the environment variable
/// <see cref="PostgresVariable"/> holds a PostgreSQL connection string (server and login, no
/// database), every test app gets a PostgreSQL database of its own instead, created by the app's
/// own migrations (or copied from a seed the app made) and dropped afterwards. scripts/test.sh runs
/// this suite both ways.
/// </summary>
public static class TestDatabase
{
    public const string PostgresVariable = "BROKERAGE_TEST_POSTGRES";

    public static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } server ? server : null;

    public static bool IsPostgres => PostgresServer is not null;

    public static string ConnectionString(string directory) => PostgresServer is { } server
        ? new NpgsqlConnectionStringBuilder(server) { Database = DatabaseName(directory), MaxPoolSize = 20 }.ToString()
        : $"Data Source={SqliteFile(directory)}";

    /// <summary>Whether an app over this folder has made its database already (a restart finds it).</summary>
    public static bool Exists(string directory)
    {
        if (PostgresServer is null)
        {
            return File.Exists(SqliteFile(directory));
        }

        using var admin = new NpgsqlConnection(AdminConnectionString);
        admin.Open();
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", admin);
        exists.Parameters.AddWithValue("name", DatabaseName(directory));
        return exists.ExecuteScalar() is not null;
    }

    /// <summary>
    /// Makes the database of a stopped app over <paramref name="directory"/> a seed that other apps
    /// start from, without its data-protection keys, so that each app makes its own as a fresh install
    /// does. SQLite: a copy written to <paramref name="sqliteFile"/>. PostgreSQL: the database itself,
    /// used as a template. Returns what <see cref="CreateFromSeed"/> takes; <see cref="Drop"/> on the same folder drops a PostgreSQL seed.
    /// </summary>
    public static string MakeSeed(string directory, string sqliteFile)
    {
        if (PostgresServer is null)
        {
            // VACUUM INTO writes one consistent file, whatever is still in the write-ahead log.
            Execute(new SqliteConnection(ConnectionString(directory) + ";Pooling=False"), "VACUUM INTO $path", ("$path", sqliteFile));
            Execute(new SqliteConnection($"Data Source={sqliteFile};Pooling=False"), "DELETE FROM \"DataProtectionKeys\"");
            return sqliteFile;
        }

        // A template must have no connections: the stopped app's pooled ones are closed first.
        var connectionString = ConnectionString(directory);
        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        Execute(new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString()), "DELETE FROM \"DataProtectionKeys\"");
        return DatabaseName(directory);
    }

    /// <summary>The database for an app over <paramref name="directory"/>, as a copy of the seed.</summary>
    public static void CreateFromSeed(string seed, string directory)
    {
        if (PostgresServer is null)
        {
            File.Copy(seed, SqliteFile(directory));
            return;
        }

        // A copy can fail while a connection to the template is still closing; it is tried again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Execute(new NpgsqlConnection(AdminConnectionString), $"CREATE DATABASE \"{DatabaseName(directory)}\" TEMPLATE \"{seed}\"");
                return;
            }
            catch (PostgresException exception) when (attempt < DropAttempts && exception.SqlState == PostgresErrorCodes.ObjectInUse)
            {
                Thread.Sleep(TimeSpan.FromSeconds(attempt));
            }
        }
    }

    /// <summary>Drops the PostgreSQL database of an app over this folder (a SQLite file goes with the folder).</summary>
    public static void Drop(string directory)
    {
        if (PostgresServer is null)
        {
            return;
        }

        var connectionString = ConnectionString(directory);
        using (var connection = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        // A drop can race a connection still closing (or another class's drop); it is tried again,
        // and a database that still will not go is reported rather than failing the tests that used it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var admin = new NpgsqlConnection(AdminConnectionString);
                admin.Open();
                using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName(directory)}\" WITH (FORCE)", admin);
                drop.ExecuteNonQuery();
                return;
            }
            catch (NpgsqlException exception) when (attempt < DropAttempts)
            {
                Console.Error.WriteLine($"Dropping test database {DatabaseName(directory)} failed (attempt {attempt}): {exception.Message}");
                Thread.Sleep(TimeSpan.FromSeconds(attempt));
            }
            catch (NpgsqlException exception)
            {
                Console.Error.WriteLine($"Test database {DatabaseName(directory)} left behind: {exception.Message}");
                return;
            }
        }
    }

    private const int DropAttempts = 5;

    private static string SqliteFile(string directory) => Path.Combine(directory, "brokerage.db");

    /// <summary>The server's own database, unpooled: for creating and dropping the test databases.</summary>
    private static string AdminConnectionString => new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres", Pooling = false }.ToString();

    private static void Execute(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using (connection)
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            command.ExecuteNonQuery();
        }
    }

    /// <summary>Short, lower case and the same for the same folder (PostgreSQL names stop at 63 characters).</summary>
    private static string DatabaseName(string directory) =>
        "brokerage_test_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(directory))))[..20];
}

/// <summary>A test that needs a PostgreSQL server (two nodes on one database): skipped on SQLite.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestDatabase.IsPostgres)
        {
            Skip = $"Needs PostgreSQL: set {TestDatabase.PostgresVariable} (scripts/test.sh does)";
        }
    }
}
