using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Market;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Directory.Providers;

/// <summary>Adds a provider (no id, at /directory/providers/new) or changes one.</summary>
public class EditModel(Core.Data.BrokerageDbContext db, DirectoryService directory, BrokerageLinks links) : PageModel, IPageWithState
{
    [FromRoute] public int? Id { get; set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? CompanyNumber { get; set; }
    [BindProperty] public string? CharityNumber { get; set; }
    [BindProperty] public string? ReferralEmail { get; set; }
    [BindProperty] public string? EscalationEmail { get; set; }
    [BindProperty] public string? EscalationContactName { get; set; }
    [BindProperty] public string? EscalationPhone { get; set; }

    public Core.Domain.Provider? Existing { get; private set; }

    public void OnGet()
    {
        if (Existing is { } p)
        {
            (Name, CompanyNumber, CharityNumber, ReferralEmail, EscalationEmail, EscalationContactName, EscalationPhone) =
                (p.Name, p.CompanyNumber, p.CharityNumber, p.ReferralEmail, p.EscalationEmail, p.EscalationContactName, p.EscalationPhone);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var details = new ProviderDetails
        {
            Name = Name, CompanyNumber = CompanyNumber, CharityNumber = CharityNumber, ReferralEmail = ReferralEmail,
            EscalationEmail = EscalationEmail, EscalationContactName = EscalationContactName, EscalationPhone = EscalationPhone,
        };
        var actor = DirectoryActor.Council(User.Actor());
        var provider = Id is { } id
            ? await directory.UpdateProviderAsync(id, details, actor, cancellationToken)
            : await directory.AddProviderAsync(details, actor, cancellationToken);
        this.Success(Id is null ? $"{provider.Name} added. Add its settings next." : $"{provider.Name} saved");
        return Redirect(links.DirectoryProvider(provider.Id));
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (Id is { } id)
        {
            Existing = await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
                ?? throw new Core.Common.NotFoundException("Provider not found");
        }
    }
}
