using Brokerage.Core.Common;
using Brokerage.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Account.TwoFactor;

/// <summary>The second step of signing in, after the password, for users with an authenticator app.</summary>
[AllowAnonymous]
public class SignInModel(SignInManager<ApplicationUser> signIn, BrokerageLinks links) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? LocalReturnUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null;

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? StartAgain() : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        // Identity remembers who passed the password for 5 minutes; after that the password is asked for again.
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return StartAgain();
        }

        var code = AuthenticatorCode.Read(Code, ModelState, nameof(Code));
        if (code is null)
        {
            return Page();
        }

        // Wrong codes count towards the same lockout as wrong passwords.
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            return LocalRedirect(LocalReturnUrl ?? links.Home());
        }

        ModelState.AddModelError(nameof(Code), result.IsLockedOut ? AuthenticatorCode.LockedOut : result.IsNotAllowed ? AuthenticatorCode.Deactivated : AuthenticatorCode.Incorrect);
        return Page();
    }

    private RedirectResult StartAgain() => Redirect(links.SignIn(LocalReturnUrl));
}
