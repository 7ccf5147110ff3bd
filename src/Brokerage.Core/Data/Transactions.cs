using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Brokerage.Core.Data;

public static class Transactions
{
    /// <summary>
    /// Starts a write transaction, or joins the one already open, so that a service called from
    /// a job (widening sends referrals) commits or rolls back with the job's own claim. Write
    /// transactions run one at a time on every database (see
    /// <see cref="BrokerageDbContext.SerialiseWritersAsync"/>), so a claim never races another node's.
    /// </summary>
    public static async Task<OwnedTransaction> BeginOrJoinTransactionAsync(this BrokerageDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return new OwnedTransaction(null);
        }

        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SerialiseWritersAsync(cancellationToken);
        }
        catch
        {
            // Never leave a transaction open that does not hold the lock for a later caller to join.
            await transaction.DisposeAsync();
            throw;
        }

        return new OwnedTransaction(transaction);
    }

    /// <summary>A unique index refused the write: another request got there first.</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) => exception.InnerException switch
    {
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
        _ => false,
    };
}

/// <summary>Commits only when this caller started the transaction; otherwise the outer owner decides.</summary>
public sealed class OwnedTransaction(IDbContextTransaction? transaction) : IAsyncDisposable
{
    public Task CommitAsync(CancellationToken cancellationToken) =>
        transaction?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => transaction?.DisposeAsync() ?? ValueTask.CompletedTask;
}
