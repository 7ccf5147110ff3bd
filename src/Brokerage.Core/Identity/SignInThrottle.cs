using System.Security.Cryptography;
using System.Text;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Identity;

/// <summary>
/// Pauses password sign-in for an account after too many wrong passwords: from the address that
/// made them after <see cref="PerAddress"/>, and from everywhere only after <see cref="PerAccount"/>
/// from any addresses, each within <see cref="Window"/>. A stranger with five posts can no longer
/// lock an admin or an assistant director out, only themselves. The count is kept by the email
/// address as typed, whether or not it has an account, so the pause looks the same either way and
/// never tells anyone which addresses have accounts.
/// </summary>
public sealed class SignInThrottle(BrokerageDbContext db, TimeProvider time)
{
    public const int PerAddress = 5;
    public const int PerAccount = 50;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>How long failures are kept at all: long enough for an admin to look into them.</summary>
    private static readonly TimeSpan Kept = TimeSpan.FromDays(1);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Whether password sign-in to this account is paused for a caller at this address.</summary>
    public async Task<bool> IsPausedAsync(string email, string? address, CancellationToken cancellationToken = default)
    {
        var account = AccountKey(email);
        var since = Now - Window;
        var recent = db.SignInFailures.Where(f => f.AccountKey == account && f.FailedAt > since);
        var addressKey = AddressKey(address);
        return await recent.CountAsync(f => f.AddressKey == addressKey, cancellationToken) >= PerAddress
            || await recent.CountAsync(cancellationToken) >= PerAccount;
    }

    public async Task RecordFailureAsync(string email, string? address, CancellationToken cancellationToken = default)
    {
        var now = Now;
        db.SignInFailures.Add(new SignInFailure { AccountKey = AccountKey(email), AddressKey = AddressKey(address), FailedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        var expired = now - Kept;
        await db.SignInFailures.Where(f => f.FailedAt < expired).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>After the right password: this address's earlier mistakes no longer count.</summary>
    public Task ForgetAsync(string email, string? address, CancellationToken cancellationToken = default)
    {
        var account = AccountKey(email);
        var addressKey = AddressKey(address);
        return db.SignInFailures.Where(f => f.AccountKey == account && f.AddressKey == addressKey).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>An admin's unlock: every failure against the account is forgotten.</summary>
    public Task ForgetAccountAsync(string email, CancellationToken cancellationToken = default)
    {
        var account = AccountKey(email);
        return db.SignInFailures.Where(f => f.AccountKey == account).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// For each of these email addresses whose sign-in is paused anywhere, when the pause ends:
    /// when enough of the failures behind it have aged out of the window.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, DateTime?>> PausedUntilAsync(IEnumerable<string> emails, CancellationToken cancellationToken = default)
    {
        var byKey = emails.Distinct(StringComparer.OrdinalIgnoreCase).ToDictionary(AccountKey, e => e);
        var since = Now - Window;
        var keys = byKey.Keys.ToList();
        var failures = await db.SignInFailures.AsNoTracking()
            .Where(f => f.FailedAt > since && keys.Contains(f.AccountKey))
            .Select(f => new { f.AccountKey, f.AddressKey, f.FailedAt })
            .ToListAsync(cancellationToken);
        var paused = new Dictionary<string, DateTime?>(StringComparer.OrdinalIgnoreCase);
        foreach (var account in failures.GroupBy(f => f.AccountKey))
        {
            var ends = account.GroupBy(f => f.AddressKey).Select(a => EndOfPause(a.Select(f => f.FailedAt), PerAddress))
                .Append(EndOfPause(account.Select(f => f.FailedAt), PerAccount))
                .Where(end => end is not null)
                .Max();
            if (ends is { } until)
            {
                paused[byKey[account.Key]] = until;
            }
        }

        return paused;
    }

    // The pause lasts until the limit-th most recent failure leaves the window.
    private static DateTime? EndOfPause(IEnumerable<DateTime> failures, int limit) =>
        failures.OrderDescending().Skip(limit - 1).Cast<DateTime?>().FirstOrDefault() is { } limitTh ? limitTh + Window : null;

    // As Identity normalises a user name to find the account, so that another spelling of the same
    // address (a Kelvin sign for a k, say) is the same account here too.
    private static string AccountKey(string email) => Hash(email.Trim().Normalize().ToUpperInvariant());

    // An IPv6 caller usually holds a whole /64, so that is one address here.
    private static string AddressKey(string? address) => Hash(ClientAddress.Key(address));

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
