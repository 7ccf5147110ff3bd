using Brokerage.Core.Common;
using Brokerage.Core.Identity;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Account;

[AllowAnonymous]
public class SignOutModel(SignInManager<ApplicationUser> signIn, BrokerageLinks links) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutEverywhereAsync(User);
        return Redirect(links.SignOut());
    }
}
