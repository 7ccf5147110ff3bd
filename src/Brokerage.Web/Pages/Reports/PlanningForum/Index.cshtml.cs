using Brokerage.Core.Reports;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Reports.PlanningForum;

public class IndexModel(PlanningForumDigestService digests) : PageModel, IPageWithState
{
    public PlanningForumDigest Digest { get; private set; } = null!;

    public void OnGet()
    {
    }

    public IActionResult OnGetPdf() =>
        File(digests.RenderPdf(Digest), "application/pdf", "planning-forum-digest.pdf");

    public async Task LoadAsync(CancellationToken cancellationToken) =>
        Digest = await digests.BuildAsync(cancellationToken);
}
