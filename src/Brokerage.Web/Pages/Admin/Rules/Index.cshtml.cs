using Brokerage.Core;
using Brokerage.Core.Auditing;
using Brokerage.Core.Data;
using Brokerage.Core.Rules;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Admin.Rules;

/// <summary>
/// The rules this node is running, and a reload that takes up edited rule files without a
/// restart. A broken file is refused with its file, rule and reason; the running rules stay.
/// </summary>
public class IndexModel(RuleSetSource rules, BrokerageDbContext db, TimeProvider time) : PageModel
{
    public RuleSet Running => rules.Current;
    public RuleReloadOutcome? LastReload => rules.LastReload;
    public string Directory => rules.Directory;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = rules.Reload(time.GetUtcNow().UtcDateTime);
        db.Audit(outcome.At, User.Actor(), outcome.Succeeded ? "RulesReloaded" : "RulesReloadRefused", outcome.Summary);
        await db.SaveChangesAsync(cancellationToken);
        if (!outcome.Succeeded)
        {
            ModelState.AddModelError("Reload", outcome.Summary);
            return Page();
        }

        TempData["Success"] = outcome.Summary;
        return Redirect("/admin/rules");
    }
}
