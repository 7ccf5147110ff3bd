using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages;

[AllowAnonymous]
[IgnoreAntiforgeryToken]
public class ErrorModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Code { get; set; }

    public string Heading => Code switch
    {
        400 => "What you sent could not be read",
        404 => "Page not found",
        403 => "You do not have access to this page",
        413 => "What you sent is too large",
        429 => "Too many attempts",
        _ => "Sorry, there is a problem with the service",
    };

    public void OnGet() => TakeStatusFromResponse();

    public void OnPost() => TakeStatusFromResponse();

    /// <summary>
    /// Re-executed by the exception handler the address has no code, but the response may already
    /// carry one: a request the server could not read (400) is the sender's to fix, not a fault.
    /// </summary>
    private void TakeStatusFromResponse()
    {
        if (Code is null && Response.StatusCode is >= 400 and < 500)
        {
            Code = Response.StatusCode;
        }
    }
}
