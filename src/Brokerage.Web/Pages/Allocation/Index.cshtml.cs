using Brokerage.Core.Allocation;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Allocation;

public class IndexModel(AllocationModels models) : PageModel
{
    public IReadOnlyList<AllocationModel> Models => models.All;
}
