using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Data;

/// <summary>
/// The model on PostgreSQL, for councils that run several web nodes on one database. A type of
/// its own so that its migrations (Data/Migrations/Postgres) live apart from SQLite's.
/// </summary>
public sealed class PostgresBrokerageDbContext(DbContextOptions<PostgresBrokerageDbContext> options) : BrokerageDbContext(options)
{
    /// <summary>Any number, the same on every node: the lock that write transactions queue on.</summary>
    private const long WriterLock = 0x42_524B_5752; // "BRKWR"

    /// <summary>
    /// PostgreSQL runs write transactions side by side, so a transaction that claims work takes a
    /// transaction-scoped advisory lock first: on every node, claims then run one at a time as
    /// they do on SQLite, and the lock goes with the commit or rollback (or the connection, if the
    /// process dies).
    /// </summary>
    protected internal override async Task SerialiseWritersAsync(CancellationToken cancellationToken) =>
        await Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({WriterLock})", cancellationToken);
}
