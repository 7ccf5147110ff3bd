using Brokerage.Core;
using Brokerage.Core.Common;
using Brokerage.Core.Requests;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Web.Pages.Requests.Create;

public class IndexModel(PlacementRequestService requests, TimeProvider time, BrokerageLinks links) : RequestFormModel
{
    public void OnGet()
    {
        var now = UkTime.ToLocal(time.GetUtcNow().UtcDateTime);
        NoticeReceived = DateParts.From(DateOnly.FromDateTime(now));
        NoticeReceivedTime = now.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ReadOptions() is not { } options)
        {
            return Page();
        }

        var request = await requests.CreateAsync(options, cancellationToken);
        this.Success($"Request {request.Reference} created. Its urgency is {Display.Urgency(request.Urgency).ToLowerInvariant()}.");
        return Redirect(links.Request(request.Id));
    }
}
