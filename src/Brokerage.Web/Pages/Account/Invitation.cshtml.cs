using Brokerage.Core.Common;
using Brokerage.Core.Identity;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Account;

/// <summary>A new person sets their password from the link in their invitation, once, before it expires.</summary>
[AllowAnonymous]
public class InvitationModel(PeopleService people, BrokerageLinks links) : PageModel, IPageWithState
{
    [FromRoute] public string Token { get; set; } = "";

    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Confirmation { get; set; }

    /// <summary>Null when the link is wrong, used or expired: the page says so, with a 404.</summary>
    public ApplicationUser? Invited { get; private set; }

    public void OnGet()
    {
        // The token is in the address: keep the page out of caches and referrers.
        Response.Headers.CacheControl = "no-store";
        if (Invited is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        await people.AcceptInvitationAsync(Token, Password, Confirmation, cancellationToken);
        this.Success("Your password is set. Sign in with your email address and your new password");
        return Redirect(links.SignIn());
    }

    public async Task LoadAsync(CancellationToken cancellationToken) =>
        Invited = await people.FindInvitedAsync(Token, cancellationToken);
}
