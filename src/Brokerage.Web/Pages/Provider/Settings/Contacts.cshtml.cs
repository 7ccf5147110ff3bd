using Brokerage.Core.Common;
using Brokerage.Core.Market;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Provider.Settings;

public class ContactsModel(Core.Data.BrokerageDbContext db, DirectoryService directory, BrokerageLinks links) : PageModel
{
    [BindProperty] public string? ReferralEmail { get; set; }
    [BindProperty] public string? EscalationEmail { get; set; }
    [BindProperty] public string? EscalationContactName { get; set; }
    [BindProperty] public string? EscalationPhone { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var providerId = User.ProviderIdOf()!.Value;
        var p = await db.Providers.AsNoTracking().SingleAsync(p => p.Id == providerId, cancellationToken);
        (ReferralEmail, EscalationEmail, EscalationContactName, EscalationPhone) = (p.ReferralEmail, p.EscalationEmail, p.EscalationContactName, p.EscalationPhone);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var providerId = User.ProviderIdOf()!.Value;
        await directory.UpdateContactsAsync(providerId, new ProviderContacts
        {
            ReferralEmail = ReferralEmail, EscalationEmail = EscalationEmail, EscalationContactName = EscalationContactName, EscalationPhone = EscalationPhone,
        }, new DirectoryActor(User.Actor(), providerId), cancellationToken);
        this.Success("Contacts saved");
        return Redirect(links.ProviderSettings());
    }
}
