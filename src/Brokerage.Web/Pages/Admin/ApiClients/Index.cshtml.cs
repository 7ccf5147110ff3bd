using Brokerage.Core.ApiClients;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Admin.ApiClients;

public class IndexModel(ApiClientService clients, BrokerageDbContext db, BrokerageLinks links) : PageModel, IPageWithState
{
    private const string IssuedKeyData = "IssuedKey";
    private const string IssuedKeyNameData = "IssuedKeyName";

    public IReadOnlyList<ApiClient> Clients { get; private set; } = [];
    public IReadOnlyList<Core.Domain.Provider> Providers { get; private set; } = [];

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public int? ProviderId { get; set; }

    /// <summary>The whole key, present only on the one response after it was issued.</summary>
    public string? IssuedKey { get; private set; }

    public string? IssuedKeyName { get; private set; }

    public void OnGet()
    {
        IssuedKey = TempData[IssuedKeyData] as string;
        IssuedKeyName = TempData[IssuedKeyNameData] as string;
        if (IssuedKey is not null)
        {
            // The key must not survive in a browser or proxy cache once this page is left.
            Response.Headers.CacheControl = "no-store";
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var issued = await clients.IssueAsync(Name ?? "", User.Actor(), ProviderId, cancellationToken);

        // TempData (an encrypted cookie, deleted once read) carries the key to the next page
        // without it ever being stored on the server.
        TempData[IssuedKeyData] = issued.Key;
        TempData[IssuedKeyNameData] = issued.Client.Name;
        return Redirect(links.ApiClients());
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken cancellationToken)
    {
        var client = await clients.RevokeAsync(id, User.Actor(), cancellationToken);
        this.Success($"API key for {client.Name} revoked");
        return Redirect(links.ApiClients());
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        Clients = await clients.ListAsync(cancellationToken);
        Providers = await db.Providers.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
    }
}
