using Brokerage.Core.Common;
using Brokerage.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Account;

[AllowAnonymous]
public class SignInModel(SignInManager<ApplicationUser> signIn, SignInThrottle throttle, BrokerageLinks links) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email))
        {
            ModelState.AddModelError(nameof(Email), "Enter your email address");
        }

        if (string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError(nameof(Password), "Enter your password");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var email = Email!.Trim();
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        var cancellationToken = HttpContext.RequestAborted;
        // Wrong passwords pause sign-in for the address that made them (SignInThrottle), not the
        // account for everyone; Identity's own lockout is left to wrong authenticator and recovery codes.
        if (await throttle.IsPausedAsync(email, address, cancellationToken))
        {
            return LockedOut();
        }

        // Found once: Identity would look the user up again inside PasswordSignInAsync(string, …).
        var user = await signIn.UserManager.FindByNameAsync(email);
        var result = user is null
            ? HashAsIfTheAccountExisted()
            : await signIn.PasswordSignInAsync(user, Password!, isPersistent: false, lockoutOnFailure: false);
        if (result.IsLockedOut)
        {
            return LockedOut();
        }

        if (result.Succeeded || result.RequiresTwoFactor)
        {
            await throttle.ForgetAsync(email, address, cancellationToken);
        }

        // Identity refuses a deactivated account before it checks the password: say why only to
        // someone who gave the right one, so that a guesser cannot tell which accounts exist.
        if (result.IsNotAllowed && user is not null && await signIn.UserManager.CheckPasswordAsync(user, Password!))
        {
            ModelState.AddModelError(nameof(Email), TwoFactor.AuthenticatorCode.Deactivated);
            return Page();
        }

        if (result.RequiresTwoFactor)
        {
            // Identity keeps who passed the password in a short-lived cookie of its own; the code page finishes the sign-in.
            return Redirect(links.TwoFactorSignIn(LocalReturnUrl));
        }

        if (!result.Succeeded)
        {
            await throttle.RecordFailureAsync(email, address, cancellationToken);
            // One message for both cases so that the form does not reveal which addresses have accounts.
            ModelState.AddModelError(nameof(Email), "Enter a correct email address and password");
            return Page();
        }

        return LocalRedirect(LocalReturnUrl ?? links.Home());
    }

    /// <summary>
    /// Identity answers at once for an address with no account, but checks a password for one that has
    /// one (the slow hash that makes guessing dear), so the time taken would tell them apart: an
    /// unknown address costs the same hash, and fails.
    /// </summary>
    private Microsoft.AspNetCore.Identity.SignInResult HashAsIfTheAccountExisted()
    {
        var hasher = signIn.UserManager.PasswordHasher;
        var stranger = new ApplicationUser { DisplayName = "" };
        UnknownAccountHash ??= hasher.HashPassword(stranger, Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(stranger, UnknownAccountHash, Password!);
        return Microsoft.AspNetCore.Identity.SignInResult.Failed;
    }

    private static string? UnknownAccountHash;

    private PageResult LockedOut()
    {
        ModelState.AddModelError(nameof(Email), "Your account is locked after too many failed attempts. Try again in 15 minutes");
        return Page();
    }

    /// <summary>Where to go once signed in: only an address on this site is followed.</summary>
    private string? LocalReturnUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null;
}
