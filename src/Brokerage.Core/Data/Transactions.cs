using Microsoft.EntityFrameworkCore.Storage;

namespace Brokerage.Core.Data;

public static class Transactions
{
    /// <summary>
    /// Starts a transaction, or joins the one already open, so that a service called from a
    /// job (widening sends referrals) commits or rolls back with the job's own claim.
    /// </summary>
    public static async Task<OwnedTransaction> BeginOrJoinTransactionAsync(this BrokerageDbContext db, CancellationToken cancellationToken) =>
        db.Database.CurrentTransaction is null
            ? new OwnedTransaction(await db.Database.BeginTransactionAsync(cancellationToken))
            : new OwnedTransaction(null);
}

/// <summary>Commits only when this caller started the transaction; otherwise the outer owner decides.</summary>
public sealed class OwnedTransaction(IDbContextTransaction? transaction) : IAsyncDisposable
{
    public Task CommitAsync(CancellationToken cancellationToken) =>
        transaction?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => transaction?.DisposeAsync() ?? ValueTask.CompletedTask;
}
