using System.Globalization;
using Brokerage.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Brokerage.Core.Identity;

/// <summary>
/// Authenticator-app codes that work once (RFC 6238 §5.2). Identity's own provider accepts a code
/// again and again for as long as its time step is in the window, so a code seen over a shoulder
/// or replayed from a proxy log signs in a second time. This one remembers the last time step a
/// user signed in with and accepts only later ones, within two time steps (a minute) either side
/// of now as Identity does, judged on the app's clock.
/// </summary>
public sealed class OneTimeAuthenticatorTokenProvider(TimeProvider time, BrokerageDbContext db) : AuthenticatorTokenProvider<ApplicationUser>
{
    public const string Name = "OneTimeAuthenticator";

    /// <summary>Where the last used time step is kept: a user token beside the key and recovery codes.</summary>
    public const string LoginProvider = "[AspNetUserStore]";
    public const string LastUsedStepToken = "AuthenticatorLastUsedStep";

    private const int StepsEitherSide = 2;

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        var code = token.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(key) || code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        var totp = new Totp(Base32Encoding.ToBytes(key));
        if (!totp.VerifyTotp(time.GetUtcNow().UtcDateTime, code, out var step, new VerificationWindow(StepsEitherSide, StepsEitherSide)))
        {
            return false;
        }

        var lastUsed = long.TryParse(await manager.GetAuthenticationTokenAsync(user, LoginProvider, LastUsedStepToken), NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : -1;
        if (step <= lastUsed)
        {
            return false;
        }

        try
        {
            // The user's concurrency stamp makes the second of two simultaneous uses of one code fail here.
            return (await manager.SetAuthenticationTokenAsync(user, LoginProvider, LastUsedStepToken, step.ToString(CultureInfo.InvariantCulture))).Succeeded;
        }
        catch (DbUpdateException)
        {
            // Both inserted the first step token at once: this one lost, and what it tried to write is dropped.
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
