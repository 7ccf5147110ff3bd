using Brokerage.Core.Common;
using Brokerage.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Account;

[AllowAnonymous]
public class SignInModel(SignInManager<ApplicationUser> signIn, BrokerageLinks links) : PageModel
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

        var result = await signIn.PasswordSignInAsync(Email!.Trim(), Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            ModelState.AddModelError(nameof(Email), "Your account is locked after too many failed attempts. Try again in 15 minutes");
            return Page();
        }

        if (result.RequiresTwoFactor)
        {
            // Identity keeps who passed the password in a short-lived cookie of its own; the code page finishes the sign-in.
            return Redirect(links.TwoFactorSignIn(LocalReturnUrl));
        }

        if (!result.Succeeded)
        {
            // One message for both cases so that the form does not reveal which addresses have accounts.
            ModelState.AddModelError(nameof(Email), "Enter a correct email address and password");
            return Page();
        }

        return LocalRedirect(LocalReturnUrl ?? links.Home());
    }

    /// <summary>Where to go once signed in: only an address on this site is followed.</summary>
    private string? LocalReturnUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null;
}
