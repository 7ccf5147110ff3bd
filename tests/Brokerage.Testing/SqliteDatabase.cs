using Brokerage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Testing;

/// <summary>A real, migrated SQLite file of the test's own, deleted with its folder afterwards.</summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly TempFolder _folder = new("core");

    public SqliteDatabase()
    {
        using var db = CreateContext();
        db.Database.Migrate();
    }

    /// <summary>Unpooled, so that no connection outlives the test and holds the file open.</summary>
    public string ConnectionString => $"Data Source={_folder.Combine("brokerage.db")};Pooling=False";

    public BrokerageDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<BrokerageDbContext>().UseSqlite(ConnectionString).Options);

    public void Dispose() => _folder.Dispose();
}
