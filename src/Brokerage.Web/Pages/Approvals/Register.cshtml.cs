using Brokerage.Core.Approvals;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Approvals;

/// <summary>Every child living in unregulated or unregistered provision today.</summary>
public class RegisterModel(UnregulatedRegisterService register) : PageModel
{
    public Register Register { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Register = await register.AsAtTodayAsync(cancellationToken);
}
