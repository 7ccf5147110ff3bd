using Brokerage.Core.Common;
using Brokerage.Core.Placements;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Requests.Placement;

/// <summary>
/// A page that records one thing about a placement (arrival, did not start, ending, cost). It
/// posts the version it was built from, so two brokers acting at once cannot both win; after a
/// conflict it shows the placement as it now is, and a second post is made from that.
/// </summary>
public abstract class PlacementActionModel(PlacementService placements) : PageModel, IPageWithState, IPageWithFieldNames
{
    [FromRoute] public int Id { get; set; }

    [BindProperty] public int Version { get; set; }

    public Core.Domain.Placement Placement { get; private set; } = null!;

    /// <summary>The version to post back: the one loaded, once a conflict has shown the placement as it is.</summary>
    public int VersionToPost => Response.StatusCode == StatusCodes.Status409Conflict || Request.Method == HttpMethods.Get ? Placement.Version : Version;

    /// <summary>Core's field names are the page's, except where a page says otherwise.</summary>
    public virtual string FieldKey(string domainField) => domainField;

    public async Task LoadAsync(CancellationToken cancellationToken) =>
        Placement = await placements.FindAsync(Id, cancellationToken) ?? throw new NotFoundException($"No placement for request {Id}");
}
