using Brokerage.Core.Approvals;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Approvals;

/// <summary>Every child living in unregulated or unregistered provision today.</summary>
public class RegisterModel(UnregulatedRegisterService register) : PageModel, IPageWithState
{
    public Register Register { get; private set; } = null!;

    public void OnGet()
    {
    }

    public async Task LoadAsync(CancellationToken cancellationToken) => Register = await register.AsAtTodayAsync(cancellationToken);
}
