using Brokerage.Core.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Reports.PlanningForum;

public class IndexModel(PlanningForumDigestService digests) : PageModel
{
    public PlanningForumDigest Digest { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Digest = await digests.BuildAsync(cancellationToken);

    public async Task<IActionResult> OnGetPdfAsync(CancellationToken cancellationToken)
    {
        var digest = await digests.BuildAsync(cancellationToken);
        return File(PlanningForumDigestService.RenderPdf(digest), "application/pdf", "planning-forum-digest.pdf");
    }
}
