using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Market;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Directory.Providers;

public class DetailsModel(Core.Data.BrokerageDbContext db, DirectorySearch directory) : PageModel, IPageWithState
{
    [FromRoute] public int Id { get; set; }

    public Core.Domain.Provider Provider { get; private set; } = null!;
    public IReadOnlyList<AuditEvent> History { get; private set; } = [];
    public int StaffCount { get; private set; }

    public void OnGet()
    {
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        Provider = await db.Providers.AsNoTracking().Include(p => p.Settings.OrderBy(s => s.Name)).FirstOrDefaultAsync(p => p.Id == Id, cancellationToken)
            ?? throw new NotFoundException("Provider not found");
        History = await directory.HistoryAsync(nameof(Core.Domain.Provider), Id, cancellationToken);
        StaffCount = await db.Users.CountAsync(u => u.ProviderId == Id && u.DeactivatedAt == null, cancellationToken);
    }
}
