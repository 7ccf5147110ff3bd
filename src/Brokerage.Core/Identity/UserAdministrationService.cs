using Brokerage.Core.Auditing;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Identity;

/// <summary>One user as an admin sees them: who they are, what they may do, and the state of their sign-in.</summary>
/// <param name="LockedOutUntil">When a lockout in force ends (UTC); null when the user may sign in.</param>
/// <param name="IsActive">False once deactivated: they cannot sign in.</param>
/// <param name="HasPassword">False until an invited person sets their password.</param>
public sealed record UserAccount(
    string Id,
    string Email,
    string? DisplayName,
    IReadOnlyList<string> Roles,
    string? ProviderName,
    bool TwoFactorEnabled,
    DateTime? LockedOutUntil,
    bool IsActive,
    bool HasPassword)
{
    /// <summary>How to refer to the user on a page: their name, or their email address when they have none.</summary>
    public string Name => DisplayName ?? Email;
}

/// <param name="RequestChecked">The admin has checked that the request came from the user themselves.</param>
/// <param name="AdminUserId">The admin's own user id: admins manage their own two-factor sign-in themselves.</param>
/// <param name="Actor">How the admin is named in the audit trail.</param>
public sealed record ResetTwoFactorOptions(string UserId, bool RequestChecked, string AdminUserId, string Actor);

/// <param name="AttemptsChecked">The admin has checked with the user that the failed sign-in attempts were theirs.</param>
/// <param name="Actor">How the admin is named in the audit trail.</param>
public sealed record UnlockAccountOptions(string UserId, bool AttemptsChecked, string Actor);

/// <summary>
/// What an admin may see and do about other people's sign-in: list the users, reset two-factor sign-in
/// for someone who has lost both their phone and their recovery codes, and end a lockout. Every change
/// is audited against the user's id, never their email address or name.
/// </summary>
public sealed class UserAdministrationService(UserManager<ApplicationUser> users, BrokerageDbContext db, SignInThrottle throttle, TimeProvider time)
{
    // Identity's user store keeps the authenticator key and the recovery codes as tokens under a login
    // provider of its own. UserManager can replace them but not remove them, and names neither publicly.
    private const string IdentityTokenProvider = "[AspNetUserStore]";
    private const string AuthenticatorKeyToken = "AuthenticatorKey";
    private const string RecoveryCodesToken = "RecoveryCodes";

    /// <summary>Every user, ordered by email address.</summary>
    /// <param name="providerId">Only this provider's staff, as its own admin sees them; everyone when null.</param>
    public async Task<IReadOnlyList<UserAccount>> ListAsync(int? providerId = null, CancellationToken cancellationToken = default)
    {
        var accounts = await db.Users.AsNoTracking().Where(u => providerId == null || u.ProviderId == providerId)
            .OrderBy(u => u.NormalizedEmail).ToListAsync(cancellationToken);
        var roles = (await (from userRole in db.UserRoles
                            join role in db.Roles on userRole.RoleId equals role.Id
                            join user in db.Users on userRole.UserId equals user.Id
                            where providerId == null || user.ProviderId == providerId
                            select new { userRole.UserId, role.Name }).ToListAsync(cancellationToken))
            .ToLookup(r => r.UserId, r => r.Name!);
        var providers = await db.Providers.AsNoTracking().Where(p => providerId == null || p.Id == providerId).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var paused = await throttle.PausedUntilAsync(accounts.Select(SignInName), cancellationToken);
        return accounts.Select(u => ToAccount(u, roles[u.Id], providers, paused.GetValueOrDefault(SignInName(u)))).ToList();
    }

    /// <summary>The user with this id, or null when there is none.</summary>
    public async Task<UserAccount?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var roles = await (from userRole in db.UserRoles
                           join role in db.Roles on userRole.RoleId equals role.Id
                           where userRole.UserId == id
                           select role.Name!).ToListAsync(cancellationToken);
        var providers = await db.Providers.AsNoTracking().Where(p => p.Id == user.ProviderId).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var paused = await throttle.PausedUntilAsync([SignInName(user)], cancellationToken);
        return ToAccount(user, roles, providers, paused.GetValueOrDefault(SignInName(user)));
    }

    /// <summary>
    /// For a user who has lost their phone and their recovery codes: removes their authenticator key and
    /// recovery codes, turns two-factor sign-in off and changes the security stamp, so that each of their
    /// sessions is refused at its next request. Where their role requires two-factor sign-in they are sent to set
    /// it up again once they sign in with their password.
    /// </summary>
    public async Task<UserAccount> ResetTwoFactorAsync(ResetTwoFactorOptions options, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(options.UserId) ?? throw new NotFoundException("User not found");
        if (user.Id == options.AdminUserId)
        {
            // A reset bypasses the second factor, so nobody may do it for themselves: an admin whose
            // session or password was taken could otherwise swap the app for one of their own.
            throw new ForbiddenException("You cannot reset your own two-factor sign-in here. Go to Two-factor sign-in to change it");
        }

        if (!user.TwoFactorEnabled)
        {
            throw new ConflictException("Two-factor sign-in is not set up for this user, so there is nothing to reset");
        }

        if (!options.RequestChecked)
        {
            throw ValidationFailedException.For(nameof(options.RequestChecked), "Confirm you have checked that the request came from this user");
        }

        // Identity saves after each step; one transaction keeps the app, the codes and the sessions going together.
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        (await users.SetTwoFactorEnabledAsync(user, false)).ThrowIfRefused();
        (await users.RemoveAuthenticationTokenAsync(user, IdentityTokenProvider, AuthenticatorKeyToken)).ThrowIfRefused();
        (await users.RemoveAuthenticationTokenAsync(user, IdentityTokenProvider, RecoveryCodesToken)).ThrowIfRefused();
        (await users.RemoveAuthenticationTokenAsync(user, OneTimeAuthenticatorTokenProvider.LoginProvider, OneTimeAuthenticatorTokenProvider.LastUsedStepToken)).ThrowIfRefused();
        // Turning two-factor off changes the stamp already; said again because ending the sessions is the point.
        (await users.UpdateSecurityStampAsync(user)).ThrowIfRefused();
        db.Audit(Now, options.Actor, "TwoFactorReset",
            $"Reset two-factor sign-in for user {user.Id}: their authenticator app and recovery codes no longer work, and their sessions end",
            before: "On", after: "Off");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await FindAsync(user.Id, cancellationToken))!;
    }

    /// <summary>
    /// Ends a lockout and clears the failed sign-in attempts (wrong codes, and wrong passwords from
    /// every address), so the user may sign in at once.
    /// </summary>
    public async Task<UserAccount> UnlockAsync(UnlockAccountOptions options, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(options.UserId) ?? throw new NotFoundException("User not found");
        var paused = await throttle.PausedUntilAsync([SignInName(user)], cancellationToken);
        if (Later(LockedOutUntil(user, IdentityNow), paused.GetValueOrDefault(SignInName(user))) is not { } lockedUntil)
        {
            throw new ConflictException("This account is not locked");
        }

        if (!options.AttemptsChecked)
        {
            throw ValidationFailedException.For(nameof(options.AttemptsChecked), "Confirm you have checked that the failed sign-in attempts were theirs");
        }

        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        (await users.SetLockoutEndDateAsync(user, null)).ThrowIfRefused();
        (await users.ResetAccessFailedCountAsync(user)).ThrowIfRefused();
        await throttle.ForgetAccountAsync(SignInName(user), cancellationToken);
        db.Audit(Now, options.Actor, "AccountUnlocked",
            $"Unlocked the account of user {user.Id} and cleared its failed sign-in attempts",
            before: "Locked until " + UkTime.Format(lockedUntil), after: "Not locked");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await FindAsync(user.Id, cancellationToken))!;
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private static DateTimeOffset IdentityNow => DateTimeOffset.UtcNow;

    /// <summary>What people type to sign in, by which <see cref="SignInThrottle"/> counts their failures.</summary>
    private static string SignInName(ApplicationUser user) => user.UserName ?? user.Email ?? user.Id;

    private static DateTime? Later(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static UserAccount ToAccount(ApplicationUser user, IEnumerable<string> roles, IReadOnlyDictionary<int, string> providers, DateTime? pausedUntil) =>
        new(
            user.Id,
            user.Email ?? user.UserName ?? user.Id,
            string.IsNullOrWhiteSpace(user.DisplayName) ? null : user.DisplayName,
            roles.Order(StringComparer.Ordinal).ToList(),
            user.ProviderId is { } providerId && providers.TryGetValue(providerId, out var provider) ? provider : null,
            user.TwoFactorEnabled,
            Later(LockedOutUntil(user, IdentityNow), pausedUntil),
            user.IsActive,
            user.PasswordHash is not null);

    /// <summary>
    /// Identity's own test of a lockout (it refuses sign-in while the end is still to come). Identity
    /// sets and checks lockouts on the system clock, not the app's TimeProvider, so callers pass
    /// <see cref="IdentityNow"/>: a page must say "locked" exactly when sign-in is refused.
    /// </summary>
    private static DateTime? LockedOutUntil(ApplicationUser user, DateTimeOffset now) =>
        user.LockoutEnabled && user.LockoutEnd is { } end && end > now ? end.UtcDateTime : null;
}
