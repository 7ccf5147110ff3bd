using Brokerage.Core.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages;

/// <summary>Sends each signed-in user straight to the work their role does.</summary>
public class IndexModel : PageModel
{
    public IActionResult OnGet()
    {
        if (User.IsInRole(Roles.Broker))
        {
            return Redirect("/requests");
        }

        if (User.IsInRole(Roles.AssistantDirector))
        {
            return Redirect("/approvals");
        }

        if (User.IsInRole(Roles.Provider))
        {
            return Redirect("/provider/referrals");
        }

        if (User.IsInRole(Roles.Admin))
        {
            return Redirect("/admin/outbox");
        }

        return Page();
    }
}
