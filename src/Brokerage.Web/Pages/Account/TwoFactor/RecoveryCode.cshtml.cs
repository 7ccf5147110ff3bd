using Brokerage.Core.Common;
using Brokerage.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Account.TwoFactor;

/// <summary>The second step of signing in with one of the user's recovery codes instead of the app.</summary>
[AllowAnonymous]
public class RecoveryCodeModel(SignInManager<ApplicationUser> signIn, TwoFactorService twoFactor, BrokerageLinks links) : PageModel
{
    [BindProperty]
    public string? RecoveryCode { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? LocalReturnUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null;

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? StartAgain() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user)
        {
            return StartAgain();
        }

        var code = string.Concat((RecoveryCode ?? "").Where(c => !char.IsWhiteSpace(c)));
        if (code.Length == 0)
        {
            ModelState.AddModelError(nameof(RecoveryCode), "Enter one of your recovery codes");
            return Page();
        }

        // Identity neither checks the lockout nor counts failures for recovery codes; doing both here
        // keeps this page from being a way round the lockout that wrong passwords and app codes lead to.
        var users = signIn.UserManager;
        if (await users.IsLockedOutAsync(user))
        {
            ModelState.AddModelError(nameof(RecoveryCode), AuthenticatorCode.LockedOut);
            return Page();
        }

        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        if (result.Succeeded)
        {
            await twoFactor.RecordRecoveryCodeUsedAsync(user, cancellationToken);
            return LocalRedirect(LocalReturnUrl ?? links.Home());
        }

        if (result.IsNotAllowed)
        {
            ModelState.AddModelError(nameof(RecoveryCode), AuthenticatorCode.Deactivated);
            return Page();
        }

        await users.AccessFailedAsync(user);
        ModelState.AddModelError(nameof(RecoveryCode), await users.IsLockedOutAsync(user)
            ? AuthenticatorCode.LockedOut
            : "The recovery code is not correct, or it has already been used");
        return Page();
    }

    private RedirectResult StartAgain() => Redirect(links.SignIn(LocalReturnUrl));
}
