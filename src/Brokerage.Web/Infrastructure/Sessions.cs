using System.Security.Claims;
using Brokerage.Core.Data;
using Brokerage.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Infrastructure;

/// <summary>
/// Ends sessions the moment they are revoked. A sign-in cookie carries the user's security stamp;
/// every request compares it with the stamp in the database (one indexed read), so a change of
/// stamp — signing out, an admin resetting two-factor sign-in, a new password — refuses every
/// cookie issued before it at once, instead of at Identity's next check up to 30 minutes later.
/// </summary>
public static class Sessions
{
    /// <summary>The cookie event: a cookie whose stamp is not the user's current one is refused and deleted.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var userId = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var services = context.HttpContext.RequestServices;
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var stamp = principal?.FindFirstValue(stampClaim);
        var current = userId is null
            ? null
            : await services.GetRequiredService<BrokerageDbContext>().Users.AsNoTracking()
                .Where(u => u.Id == userId)
                .Select(u => u.SecurityStamp)
                .SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (stamp is null || current is null || !string.Equals(stamp, current, StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        // Identity's own check still refreshes the cookie's claims every half hour.
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    /// <summary>
    /// Signs the user out here and everywhere else: the new stamp refuses every cookie they hold,
    /// including a copy of this one.
    /// </summary>
    public static async Task SignOutEverywhereAsync(this SignInManager<ApplicationUser> signIn, ClaimsPrincipal user)
    {
        // Another change to the user at the same moment fails this one on its concurrency stamp:
        // read the user again and retry, so sign-out never quietly leaves other cookies working.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await signIn.UserManager.GetUserAsync(user) is not { } signedIn
                || (await signIn.UserManager.UpdateSecurityStampAsync(signedIn)).Succeeded)
            {
                break;
            }
        }

        await signIn.SignOutAsync();
    }
}
