using Brokerage.Core.Common;
using Brokerage.Core.Identity;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Admin.Users;

/// <summary>An admin adds a person, who is sent an invitation to set their password.</summary>
public class NewModel(PeopleService people, Core.Data.BrokerageDbContext db, UserManager<ApplicationUser> users, BrokerageLinks links) : PageModel, IPageWithState
{
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public List<string> Roles { get; set; } = [];
    [BindProperty] public int? ProviderId { get; set; }

    public IReadOnlyList<Core.Domain.Provider> Providers { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var user = await people.InviteAsync(new InviteUserOptions { DisplayName = DisplayName, Email = Email, Roles = Roles, ProviderId = ProviderId }, Actor, cancellationToken);
        this.Success($"{user.DisplayName} added. An invitation to set their password has gone to {user.Email}; the link works for {PeopleService.InvitationLifetime.Days} days");
        return Redirect(links.AdminUser(user.Id));
    }

    public async Task LoadAsync(CancellationToken cancellationToken) =>
        Providers = await db.Providers.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);

    private PeopleActor Actor => new(User.Actor(), users.GetUserId(User)!);
}
