using System.Security.Claims;
using Brokerage.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Infrastructure;

public static class BrokerageClaims
{
    public const string ProviderId = "brokerage:provider_id";
    public const string DisplayName = "brokerage:display_name";

    /// <summary>"true" when the user has an authenticator app set up; read on every request by the two-factor requirement.</summary>
    public const string TwoFactorEnabled = "brokerage:two_factor";

    /// <summary>The organisation a provider user belongs to; null for council staff.</summary>
    public static int? ProviderIdOf(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(ProviderId), out var id) ? id : null;

    /// <summary>How decisions are attributed in the audit trail and records.</summary>
    public static string Actor(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name ?? "unknown";
}

/// <summary>Puts the user's provider organisation into the sign-in cookie so every request can be scoped to it.</summary>
public sealed class BrokerageClaimsFactory(UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(BrokerageClaims.DisplayName, user.DisplayName));
        if (user.TwoFactorEnabled)
        {
            // In the cookie so that requiring two-factor sign-in costs no database read per request;
            // turning it on or off refreshes the cookie, and changes the security stamp for other sessions.
            identity.AddClaim(new Claim(BrokerageClaims.TwoFactorEnabled, "true"));
        }

        if (user.ProviderId is { } providerId)
        {
            identity.AddClaim(new Claim(BrokerageClaims.ProviderId, providerId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return identity;
    }
}
