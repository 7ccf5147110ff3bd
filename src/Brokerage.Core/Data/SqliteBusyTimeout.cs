using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Brokerage.Core.Data;

/// <summary>
/// Lets SQLite itself wait for the write lock, a millisecond or so at a time, when another
/// request is writing. Without it, Microsoft.Data.Sqlite sees "database is locked" and sleeps
/// 150 ms before trying again, which under load turns every collision into a visible delay.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA busy_timeout = 30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
