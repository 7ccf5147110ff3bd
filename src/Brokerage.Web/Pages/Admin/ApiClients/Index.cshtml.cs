using Brokerage.Core.ApiClients;
using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Admin.ApiClients;

public class IndexModel(ApiClientService clients, Core.Data.BrokerageDbContext db) : PageModel
{
    public IReadOnlyList<ApiClient> Clients { get; private set; } = [];
    public IReadOnlyList<Core.Domain.Provider> Providers { get; private set; } = [];

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public int? ProviderId { get; set; }

    /// <summary>The whole key, present only on the one response after it was issued.</summary>
    public string? IssuedKey { get; private set; }

    public string? IssuedKeyName { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        IssuedKey = TempData["IssuedKey"] as string;
        IssuedKeyName = TempData["IssuedKeyName"] as string;
        if (IssuedKey is not null)
        {
            // The key must not survive in a browser or proxy cache once this page is left.
            Response.Headers.CacheControl = "no-store";
        }

        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        try
        {
            var issued = await clients.IssueAsync(Name ?? "", User.Actor(), ProviderId, cancellationToken);

            // TempData (an encrypted cookie, deleted once read) carries the key to the next page
            // without it ever being stored on the server.
            TempData["IssuedKey"] = issued.Key;
            TempData["IssuedKeyName"] = issued.Client.Name;
            return RedirectToPage();
        }
        catch (ValidationFailedException ex)
        {
            ModelState.AddFieldErrors(ex.Errors);
            await LoadAsync(cancellationToken);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken cancellationToken)
    {
        try
        {
            var client = (await clients.ListAsync(cancellationToken)).FirstOrDefault(c => c.Id == id);
            if (client is null)
            {
                return NotFound();
            }

            await clients.RevokeAsync(id, User.Actor(), cancellationToken);
            TempData["Success"] = $"API key for {client.Name} revoked";
            return RedirectToPage();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Clients = await clients.ListAsync(cancellationToken);
        Providers = await db.Providers.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
    }
}
