using Brokerage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Tests;

/// <summary>A real, migrated SQLite file of the test's own, deleted afterwards.</summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "brokerage-core-" + Guid.NewGuid().ToString("N") + ".db");

    public SqliteDatabase()
    {
        using var db = CreateContext();
        db.Database.Migrate();
    }

    public BrokerageDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<BrokerageDbContext>().UseSqlite($"Data Source={_path};Pooling=False").Options);

    public void Dispose()
    {
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
