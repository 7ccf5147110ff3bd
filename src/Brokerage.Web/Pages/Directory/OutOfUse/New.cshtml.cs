using Brokerage.Core.Common;
using Brokerage.Core.Market;
using Brokerage.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Directory.OutOfUse;

public class NewModel(Core.Data.BrokerageDbContext db, DirectoryService directory, BrokerageLinks links) : PlacesOutOfUseForm(directory)
{
    public override string BackLink => links.DirectorySetting(SettingId);

    protected override DirectoryActor Actor => DirectoryActor.Council(User.Actor());

    public override async Task LoadAsync(CancellationToken cancellationToken) =>
        Setting = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == SettingId, cancellationToken) ?? throw new NotFoundException("Setting not found");
}
