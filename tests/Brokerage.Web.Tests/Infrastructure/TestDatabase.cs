using Npgsql;

namespace Brokerage.Web.Tests.Infrastructure;

/// <summary>
/// Where a test app keeps its data. SQLite by default; when the environment variable
/// <see cref="PostgresVariable"/> holds a PostgreSQL connection string (server and login, no
/// database), every test app gets a PostgreSQL database of its own instead, created by the app's
/// own migrations and dropped afterwards. scripts/test.sh runs this suite both ways.
/// </summary>
public static class TestDatabase
{
    public const string PostgresVariable = "BROKERAGE_TEST_POSTGRES";

    public static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } server ? server : null;

    public static bool IsPostgres => PostgresServer is not null;

    public static string ConnectionString(string directory) => PostgresServer is { } server
        ? new NpgsqlConnectionStringBuilder(server) { Database = DatabaseName(directory), MaxPoolSize = 20 }.ToString()
        : $"Data Source={Path.Combine(directory, "brokerage.db")}";

    public static void Drop(string directory)
    {
        if (PostgresServer is not { } server)
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
        var adminConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ToString();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var admin = new NpgsqlConnection(adminConnectionString);
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
