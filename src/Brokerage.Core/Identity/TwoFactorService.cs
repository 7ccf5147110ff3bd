using Brokerage.Core.Auditing;
using Brokerage.Core.Data;
using Microsoft.AspNetCore.Identity;

namespace Brokerage.Core.Identity;

/// <summary>
/// Turns authenticator-app sign-in on and off through ASP.NET Identity and records each change
/// in the audit trail. Neither keys nor codes are ever written to the audit trail or the logs.
/// </summary>
public sealed class TwoFactorService(UserManager<ApplicationUser> users, BrokerageDbContext db, TimeProvider time)
{
    public const int RecoveryCodeCount = 10;

    /// <summary>The user's authenticator key (base32), made on first use so the setup page can show it.</summary>
    public async Task<string> GetOrCreateKeyAsync(ApplicationUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            Check(await users.ResetAuthenticatorKeyAsync(user));
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        return key!;
    }

    /// <summary>Turns two-factor sign-in on once the user has shown their app gives the right code; null when it does not.</summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(ApplicationUser user, string code, CancellationToken cancellationToken = default)
    {
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            return null;
        }

        // Identity saves after each step; one transaction keeps "on" and its recovery codes together.
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        Check(await users.SetTwoFactorEnabledAsync(user, true));
        var codes = await NewRecoveryCodesAsync(user);
        db.Audit(Now, Actor(user), "TwoFactorEnabled", "Turned on two-factor sign-in with an authenticator app", before: "Off", after: "On");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return codes;
    }

    /// <summary>
    /// Turns two-factor sign-in off and replaces the key, so an app set up with the old key can never
    /// be used again: turning it back on means scanning a new code.
    /// </summary>
    public async Task DisableAsync(ApplicationUser user, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        Check(await users.SetTwoFactorEnabledAsync(user, false));
        Check(await users.ResetAuthenticatorKeyAsync(user));
        db.Audit(Now, Actor(user), "TwoFactorDisabled", "Turned off two-factor sign-in", before: "On", after: "Off");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Replaces every recovery code, used or not, with a new set.</summary>
    public async Task<IReadOnlyList<string>> ReplaceRecoveryCodesAsync(ApplicationUser user, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        var codes = await NewRecoveryCodesAsync(user);
        db.Audit(Now, Actor(user), "TwoFactorRecoveryCodesReplaced", $"Made {RecoveryCodeCount} new recovery codes; the old ones no longer work");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return codes;
    }

    /// <summary>Records a sign-in with a recovery code (Identity has already used it up), saying how many are left.</summary>
    public async Task RecordRecoveryCodeUsedAsync(ApplicationUser user, CancellationToken cancellationToken = default)
    {
        var left = await users.CountRecoveryCodesAsync(user);
        db.Audit(Now, Actor(user), "TwoFactorRecoveryCodeUsed", $"Signed in with a recovery code; {left} left");
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task<int> CountRecoveryCodesAsync(ApplicationUser user) => users.CountRecoveryCodesAsync(user);

    private async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(ApplicationUser user) =>
        (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList()
            ?? throw new InvalidOperationException("The user store cannot keep recovery codes");

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private static string Actor(ApplicationUser user) => user.Email ?? user.UserName ?? user.Id;

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Identity refused a two-factor change: " + string.Join("; ", result.Errors.Select(e => e.Code)));
        }
    }
}
