using Brokerage.Core.Common;
using Brokerage.Core.Market;
using Brokerage.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Provider.Settings;

/// <summary>A provider records places out of use at one of its own settings; another provider's is "not found".</summary>
public class OutOfUseModel(Core.Data.BrokerageDbContext db, DirectoryService directory, BrokerageLinks links) : PlacesOutOfUseForm(directory)
{
    public override string BackLink => links.ProviderSettings();

    protected override DirectoryActor Actor => new(User.Actor(), User.ProviderIdOf()!.Value);

    public override async Task LoadAsync(CancellationToken cancellationToken)
    {
        var providerId = User.ProviderIdOf()!.Value;
        Setting = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == SettingId && s.ProviderId == providerId, cancellationToken)
            ?? throw new NotFoundException("Setting not found");
    }
}
