using Brokerage.Core.Common;
using Brokerage.Core.Rules;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Admin.Rules;

/// <summary>
/// The rules this node is running, and a reload that takes up edited rule files without a
/// restart. A broken file is refused with its file, rule and reason; the running rules stay.
/// </summary>
public class IndexModel(RuleSetSource rules, RuleFilesService ruleFiles, BrokerageLinks links) : PageModel
{
    public RuleSet Running => rules.Current;
    public RuleReloadOutcome? LastReload => rules.LastReload;
    public string Directory => rules.Directory;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await ruleFiles.ReloadAsync(User.Actor(), cancellationToken);
        if (!outcome.Succeeded)
        {
            // The files were checked and refused, like a form's fields: the page says which file, rule and why.
            ModelState.AddModelError("Reload", outcome.Summary);
            return Page();
        }

        this.Success(outcome.Summary);
        return Redirect(links.RuleFiles());
    }
}
