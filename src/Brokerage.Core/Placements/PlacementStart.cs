using Brokerage.Core.Domain;

namespace Brokerage.Core.Placements;

public static class PlacementStart
{
    /// <summary>
    /// The day a placement on this offer starts: the later of the day the provider can take the
    /// child and the day the child needs the placement (in UK time).
    /// </summary>
    public static DateOnly Of(PlacementRequest request, Offer offer)
    {
        var needed = DateOnly.FromDateTime(UkTime.ToLocal(request.RequiredFrom));
        return offer.AvailableFrom > needed ? offer.AvailableFrom : needed;
    }
}
