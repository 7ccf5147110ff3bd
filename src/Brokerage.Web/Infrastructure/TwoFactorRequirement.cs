using System.Security.Claims;
using Brokerage.Core.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Infrastructure;

/// <summary>Which signed-in users must sign in with an authenticator app (Brokerage:Security:RequireTwoFactorForRoles).</summary>
public sealed class TwoFactorPolicy(IOptions<BrokerageOptions> options)
{
    /// <summary>The first of the user's roles that requires two-factor sign-in, or null when none does.</summary>
    public string? RoleRequiring(ClaimsPrincipal user) =>
        options.Value.Security.RequireTwoFactorForRoles.FirstOrDefault(user.IsInRole);

    /// <summary>The first of these roles that requires two-factor sign-in, or null: for pages about someone other than the signed-in user.</summary>
    public string? RoleRequiring(IEnumerable<string> roles) =>
        options.Value.Security.RequireTwoFactorForRoles.FirstOrDefault(roles.Contains);

    public bool IsRequiredFor(ClaimsPrincipal user) => RoleRequiring(user) is not null;

    /// <summary>Whether the user's sign-in cookie says two-factor sign-in is on (see <see cref="BrokerageClaimsFactory"/>).</summary>
    public static bool IsEnabledFor(ClaimsPrincipal user) => user.HasClaim(BrokerageClaims.TwoFactorEnabled, "true");
}

public static class TwoFactorRequirement
{
    /// <summary>
    /// Sends a user whose role requires two-factor sign-in, and who has not set it up, to the setup
    /// page from everywhere else. Only the sign-in cookie is looked at: API key clients never have one.
    /// The Hangfire dashboard is behind this too, which a Razor Pages filter would not cover.
    /// </summary>
    public static WebApplication UseBrokerageTwoFactorRequirement(this WebApplication app)
    {
        var links = app.Services.GetRequiredService<BrokerageLinks>();
        // Enough to set up the app, or to leave. Static files are served before authentication and never get here.
        PathString[] exempt = [links.TwoFactor(), links.SignOut(), links.SignIn(), links.Error()];
        app.Use(async (context, next) =>
        {
            var user = context.User;
            if (user.Identity is { IsAuthenticated: true, AuthenticationType: var type } && type == IdentityConstants.ApplicationScheme
                && !TwoFactorPolicy.IsEnabledFor(user)
                && !exempt.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
                && context.RequestServices.GetRequiredService<TwoFactorPolicy>().IsRequiredFor(user))
            {
                context.Response.Redirect(links.TwoFactor(HttpMethods.IsGet(context.Request.Method)
                    ? context.Request.PathBase + context.Request.Path + context.Request.QueryString
                    : null));
                return;
            }

            await next();
        });
        return app;
    }
}
