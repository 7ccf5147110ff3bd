using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Market;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Directory.Contracts;

/// <summary>Adds a contract to a setting (at /directory/settings/{settingId}/contracts/new) or changes one, such as giving it an end date.</summary>
public class EditModel(Core.Data.BrokerageDbContext db, DirectoryService directory, BrokerageLinks links) : PageModel, IPageWithState
{
    [FromRoute] public int SettingId { get; set; }
    [FromRoute] public int? Id { get; set; }

    [BindProperty] public ContractArrangement? Arrangement { get; set; }
    [BindProperty] public int? FrameworkLotId { get; set; }
    [BindProperty] public string? ReservedPlaces { get; set; }
    [BindProperty] public string? AgreedWeeklyPrice { get; set; }
    [BindProperty] public DateParts StartsOn { get; set; } = new();
    [BindProperty] public DateParts EndsOn { get; set; } = new();

    public Setting Setting { get; private set; } = null!;
    public SettingContract? Existing { get; private set; }
    public IReadOnlyList<FrameworkLot> Lots { get; private set; } = [];

    public void OnGet()
    {
        if (Existing is { } c)
        {
            (Arrangement, FrameworkLotId, StartsOn, EndsOn) = (c.Arrangement, c.FrameworkLotId, DateParts.From(c.StartsOn), DateParts.From(c.EndsOn));
            ReservedPlaces = c.ReservedPlaces?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            AgreedWeeklyPrice = c.AgreedWeeklyPrice?.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var details = new ContractDetails
        {
            Arrangement = Arrangement,
            FrameworkLotId = FrameworkLotId,
            ReservedPlaces = Arrangement == ContractArrangement.BlockContract ? ModelState.ReadWholeNumber(ReservedPlaces, nameof(ReservedPlaces), "the number of places reserved", "2", required: false) : null,
            AgreedWeeklyPrice = Arrangement is ContractArrangement.Framework or ContractArrangement.BlockContract ? ModelState.ReadMoney(AgreedWeeklyPrice, nameof(AgreedWeeklyPrice), "the agreed weekly price", required: false) : null,
            StartsOn = ModelState.ReadDate(StartsOn, nameof(StartsOn), "the start date"),
            EndsOn = ModelState.ReadDate(EndsOn, nameof(EndsOn), "the end date", required: false),
        };
        if (!ModelState.IsValid)
        {
            var judged = ModelState.Keys.ToHashSet();
            ModelState.AddFieldErrors((await directory.CheckContractAsync(SettingId, Id, details, cancellationToken)).Where(e => !judged.Contains(e.Field)));
            return Page();
        }

        var actor = DirectoryActor.Council(User.Actor());
        var contract = Id is { } id
            ? await directory.UpdateContractAsync(SettingId, id, details, actor, cancellationToken)
            : await directory.AddContractAsync(SettingId, details, actor, cancellationToken);
        this.Success($"{Display.Contract(contract.Arrangement)} contract {DirectoryService.Period(contract.StartsOn, contract.EndsOn)} saved");
        return Redirect(links.DirectorySetting(SettingId));
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        Setting = await db.Settings.AsNoTracking().Include(s => s.Provider).Include(s => s.Contracts).FirstOrDefaultAsync(s => s.Id == SettingId, cancellationToken)
            ?? throw new NotFoundException("Setting not found");
        Existing = Id is { } id ? Setting.Contracts.Find(c => c.Id == id) ?? throw new NotFoundException("Contract not found") : null;
        Lots = await db.FrameworkLots.AsNoTracking().Where(l => l.PlacementType == Setting.Type).OrderBy(l => l.Framework).ThenBy(l => l.Name).ToListAsync(cancellationToken);
    }
}
