using Brokerage.Core.Identity;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Admin.Users;

/// <summary>Everyone who can sign in, with the state of their two-factor sign-in and any lockout.</summary>
public class IndexModel(UserAdministrationService users, TwoFactorPolicy policy) : PageModel, IPageWithState
{
    public IReadOnlyList<UserAccount> Accounts { get; private set; } = [];

    /// <summary>Whether the user's role requires two-factor sign-in (Brokerage:Security:RequireTwoFactorForRoles).</summary>
    public bool TwoFactorRequiredFor(UserAccount account) => policy.RoleRequiring(account.Roles) is not null;

    public void OnGet()
    {
    }

    public async Task LoadAsync(CancellationToken cancellationToken) =>
        Accounts = await users.ListAsync(cancellationToken: cancellationToken);
}
