using Brokerage.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Infrastructure;

/// <summary>Identity's sign-in, with one more condition: a deactivated account cannot sign in, whatever password or code is given.</summary>
public sealed class BrokerageSignInManager(
    UserManager<ApplicationUser> users,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation)
    : SignInManager<ApplicationUser>(users, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(ApplicationUser user) => user.IsActive && await base.CanSignInAsync(user);

    /// <summary>Identity checks the authenticator code's user but not the recovery code's: an account deactivated between the password and the code stays out.</summary>
    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode) =>
        await GetTwoFactorAuthenticationUserAsync() is { } user && !await CanSignInAsync(user)
            ? SignInResult.NotAllowed
            : await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
}
