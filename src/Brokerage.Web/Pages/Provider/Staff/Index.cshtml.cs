using Brokerage.Core.Common;
using Brokerage.Core.Identity;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Provider.Staff;

/// <summary>A provider's own admin invites colleagues by email and removes those who leave; they see and manage only their own organisation's people.</summary>
[Authorize(Roles = Roles.ProviderAdmin)]
public class IndexModel(PeopleService people, UserAdministrationService accounts, UserManager<ApplicationUser> users, BrokerageLinks links) : PageModel, IPageWithState
{
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public bool MakeAdmin { get; set; }

    public IReadOnlyList<UserAccount> Colleagues { get; private set; } = [];
    public string OwnId { get; private set; } = "";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        IReadOnlyList<string> roles = MakeAdmin ? [Roles.Provider, Roles.ProviderAdmin] : [Roles.Provider];
        var user = await people.InviteAsync(new InviteUserOptions { DisplayName = DisplayName, Email = Email, Roles = roles }, Actor, cancellationToken);
        this.Success($"Invitation sent to {user.Email}. The link works for {PeopleService.InvitationLifetime.Days} days");
        return Redirect(links.ProviderStaff());
    }

    public async Task<IActionResult> OnPostRemoveAsync(string userId, CancellationToken cancellationToken)
    {
        await people.DeactivateAsync(userId, Actor, cancellationToken);
        this.Success("Colleague removed. They have been signed out and cannot sign in");
        return Redirect(links.ProviderStaff());
    }

    public async Task<IActionResult> OnPostInviteAgainAsync(string userId, CancellationToken cancellationToken)
    {
        await people.SendInvitationAgainAsync(userId, Actor, cancellationToken);
        this.Success("A new invitation has been sent. Earlier links no longer work");
        return Redirect(links.ProviderStaff());
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var providerId = User.ProviderIdOf()!.Value;
        OwnId = users.GetUserId(User)!;
        Colleagues = await accounts.ListAsync(providerId, cancellationToken);
    }

    private PeopleActor Actor => new(User.Actor(), users.GetUserId(User)!, User.ProviderIdOf()!.Value);
}
