using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Identity;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Pages.Account.TwoFactor;

/// <summary>Sets up an authenticator app for the signed-in user, turns it off, and replaces recovery codes.</summary>
[Authorize]
public class IndexModel(UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn, TwoFactorService twoFactor, TwoFactorPolicy policy, BrokerageLinks links, IOptions<CouncilOptions> council) : PageModel
{
    private const string IssuedCodes = "RecoveryCodes";

    [BindProperty]
    public string? Code { get; set; }

    /// <summary>Where the two-factor requirement sent the user from, to go back to once it is set up.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Enabled { get; private set; }

    /// <summary>The user's role that requires two-factor sign-in, in words ("assistant director"), or null.</summary>
    public string? RequiredByRole { get; private set; }

    /// <summary>The key in groups of four, while the app is not yet set up.</summary>
    public string? SharedKey { get; private set; }

    public string? QrCodeSvg { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    /// <summary>New recovery codes, present only on the one response after they were made.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public string ContinueUrl => LocalReturnUrl ?? links.Home();

    /// <summary>Where to go back to: only an address on this site is followed.</summary>
    private string? LocalReturnUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await CurrentUserAsync() is not { } user)
        {
            return await SignInAgainAsync();
        }

        if (TempData[IssuedCodes] is string codes)
        {
            RecoveryCodes = codes.Split(' ');
            // The codes must not survive in a browser or proxy cache once this page is left.
            Response.Headers.CacheControl = "no-store";
        }

        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await CurrentUserAsync() is not { } user)
        {
            return await SignInAgainAsync();
        }

        if (user.TwoFactorEnabled)
        {
            return Redirect(links.TwoFactor());
        }

        var code = AuthenticatorCode.Read(Code, ModelState, nameof(Code));
        var recoveryCodes = code is null ? null : await twoFactor.EnableAsync(user, code, cancellationToken);
        if (recoveryCodes is null)
        {
            if (code is not null)
            {
                ModelState.AddModelError(nameof(Code), AuthenticatorCode.Incorrect);
            }

            await LoadAsync(user);
            return Page();
        }

        await signIn.RefreshSignInAsync(user);
        return ShowRecoveryCodes(recoveryCodes, "Two-factor sign-in is on");
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync(CancellationToken cancellationToken)
    {
        if (await CurrentUserAsync() is not { } user)
        {
            return await SignInAgainAsync();
        }

        if (!user.TwoFactorEnabled)
        {
            return Redirect(links.TwoFactor());
        }

        var recoveryCodes = await twoFactor.ReplaceRecoveryCodesAsync(user, cancellationToken);
        await signIn.RefreshSignInAsync(user);
        return ShowRecoveryCodes(recoveryCodes, "You have new recovery codes. The old ones no longer work");
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken cancellationToken)
    {
        if (await CurrentUserAsync() is not { } user)
        {
            return await SignInAgainAsync();
        }

        if (policy.RoleRequiring(User) is not null)
        {
            // The page offers no button for this; a hand-made post gets the reason rather than a change.
            await LoadAsync(user);
            throw new ForbiddenException("You cannot turn off two-factor sign-in because your role requires it");
        }

        if (user.TwoFactorEnabled)
        {
            await twoFactor.DisableAsync(user, cancellationToken);
            await signIn.RefreshSignInAsync(user);
            this.Success("Two-factor sign-in is off");
        }

        return Redirect(links.TwoFactor());
    }

    /// <summary>
    /// The user, or null when this session no longer fits them: one signed in with a password alone
    /// before two-factor sign-in was turned on elsewhere must not manage it (and see recovery codes).
    /// </summary>
    private async Task<ApplicationUser?> CurrentUserAsync()
    {
        var user = await users.GetUserAsync(User);
        return user is null || (user.TwoFactorEnabled && !TwoFactorPolicy.IsEnabledFor(User)) ? null : user;
    }

    private async Task<IActionResult> SignInAgainAsync()
    {
        await signIn.SignOutAsync();
        return Redirect(links.SignIn(links.TwoFactor()));
    }

    private RedirectResult ShowRecoveryCodes(IReadOnlyList<string> codes, string success)
    {
        // TempData (an encrypted cookie, deleted once read) carries the codes to the next page only.
        TempData[IssuedCodes] = string.Join(' ', codes);
        this.Success(success);
        return Redirect(links.TwoFactor(LocalReturnUrl));
    }

    private async Task LoadAsync(ApplicationUser user)
    {
        Enabled = user.TwoFactorEnabled;
        RequiredByRole = policy.RoleRequiring(User) is { } role ? Display.Sentence(role).ToLowerInvariant() : null;
        if (Enabled)
        {
            RecoveryCodesLeft = await twoFactor.CountRecoveryCodesAsync(user);
            return;
        }

        var stamp = user.SecurityStamp;
        var key = await twoFactor.GetOrCreateKeyAsync(user);
        if (user.SecurityStamp != stamp)
        {
            // Making a key changes the security stamp; without a fresh cookie this session would be signed out at its next check.
            await signIn.RefreshSignInAsync(user);
        }

        // The key is as good as the app itself, so no cache may keep the page.
        Response.Headers.CacheControl = "no-store";
        SharedKey = AuthenticatorSetup.FormatKey(key);
        QrCodeSvg = AuthenticatorSetup.QrCodeSvg(AuthenticatorSetup.Uri(AuthenticatorSetup.Issuer(council.Value), user.Email ?? user.UserName!, key));
    }
}
