using Brokerage.Core.Common;
using Brokerage.Core.Identity;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Admin.Users;

/// <summary>One user: their roles and whether they may sign in, and what an admin may do about their sign-in (reset two-factor sign-in, end a lockout).</summary>
public class DetailsModel(UserAdministrationService accounts, PeopleService people, UserManager<ApplicationUser> users, TwoFactorPolicy policy, BrokerageLinks links) : PageModel, IPageWithState
{
    [FromRoute] public string Id { get; set; } = "";

    public UserAccount Account { get; private set; } = null!;

    /// <summary>The admin is looking at their own account, which they manage at their own two-factor settings instead.</summary>
    public bool IsOwnAccount { get; private set; }

    /// <summary>The user's role that requires two-factor sign-in, in words ("assistant director"), or null.</summary>
    public string? RequiredByRole { get; private set; }

    [BindProperty]
    public bool RequestChecked { get; set; }

    [BindProperty]
    public bool AttemptsChecked { get; set; }

    [BindProperty]
    public List<string> Roles { get; set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostResetTwoFactorAsync(CancellationToken cancellationToken)
    {
        // A hand-made value for the checkbox reads as unticked; the service says what is missing.
        ModelState.Clear();
        var account = await accounts.ResetTwoFactorAsync(new ResetTwoFactorOptions(Id, RequestChecked, users.GetUserId(User)!, User.Actor()), cancellationToken);
        this.Success(policy.RoleRequiring(account.Roles) is not null
            ? $"Two-factor sign-in reset for {account.Name}. They will be asked to set it up again when they next sign in with their password"
            : $"Two-factor sign-in reset for {account.Name}. They can now sign in with their password alone, and set it up again at Two-factor sign-in");
        return Redirect(links.AdminUser(Id));
    }

    public async Task<IActionResult> OnPostUnlockAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var account = await accounts.UnlockAsync(new UnlockAccountOptions(Id, AttemptsChecked, User.Actor()), cancellationToken);
        this.Success($"Account unlocked. {account.Name} can sign in again");
        return Redirect(links.AdminUser(Id));
    }

    public async Task<IActionResult> OnPostRolesAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        await people.ChangeRolesAsync(Id, Roles, Actor, cancellationToken);
        this.Success($"Roles changed. {Account.Name} is signed out, and has the new roles when they sign in again");
        return Redirect(links.AdminUser(Id));
    }

    public async Task<IActionResult> OnPostDeactivateAsync(CancellationToken cancellationToken)
    {
        await people.DeactivateAsync(Id, Actor, cancellationToken);
        this.Success($"{Account.Name} deactivated. They have been signed out and cannot sign in");
        return Redirect(links.AdminUser(Id));
    }

    public async Task<IActionResult> OnPostReactivateAsync(CancellationToken cancellationToken)
    {
        await people.ReactivateAsync(Id, Actor, cancellationToken);
        this.Success($"{Account.Name} reactivated. They can sign in again");
        return Redirect(links.AdminUser(Id));
    }

    public async Task<IActionResult> OnPostInviteAgainAsync(CancellationToken cancellationToken)
    {
        await people.SendInvitationAgainAsync(Id, Actor, cancellationToken);
        this.Success($"A new invitation has gone to {Account.Email}. Earlier links no longer work");
        return Redirect(links.AdminUser(Id));
    }

    private PeopleActor Actor => new(User.Actor(), users.GetUserId(User)!);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        Account = await accounts.FindAsync(Id, cancellationToken) ?? throw new NotFoundException("User not found");
        IsOwnAccount = Account.Id == users.GetUserId(User);
        if (Request.Method == HttpMethods.Get)
        {
            Roles = [.. Account.Roles];
        }
        RequiredByRole = policy.RoleRequiring(Account.Roles) is { } role ? Display.Sentence(role).ToLowerInvariant() : null;
    }
}
