using Brokerage.Core.Common;
using Brokerage.Core.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages;

/// <summary>Sends each signed-in user straight to the work their role does.</summary>
public class IndexModel(BrokerageLinks links) : PageModel
{
    public IActionResult OnGet()
    {
        if (User.IsInRole(Roles.Broker))
        {
            return Redirect(links.Requests());
        }

        if (User.IsInRole(Roles.AssistantDirector))
        {
            return Redirect(links.Approvals());
        }

        if (User.IsInRole(Roles.Provider))
        {
            return Redirect(links.ProviderReferrals());
        }

        if (User.IsInRole(Roles.Admin))
        {
            return Redirect(links.Outbox());
        }

        return Page();
    }
}
