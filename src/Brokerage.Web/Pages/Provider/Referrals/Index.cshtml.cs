using Brokerage.Core.Domain;
using Brokerage.Core.Referrals;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Provider.Referrals;

/// <summary>
/// A provider's referrals: every one still waiting for an answer, then the earlier ones a page at a
/// time (a provider on the framework receives several a day, for years).
/// </summary>
public class IndexModel(ProviderResponseService responses) : PageModel, IPageWithState
{
    public const int PageSize = 25;

    public IReadOnlyList<Referral> Waiting { get; private set; } = [];

    public IReadOnlyList<Referral> Earlier { get; private set; } = [];

    public Pagination Paging { get; private set; } = null!;

    public bool HasAny => Waiting.Count > 0 || Paging.TotalCount > 0;

    public void OnGet()
    {
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var providerId = User.ProviderIdOf()!.Value;
        Waiting = await responses.ListWaitingAsync(providerId, cancellationToken);
        Paging = Pagination.For(Request, await responses.CountEarlierAsync(providerId, cancellationToken), PageSize, "earlier");
        Earlier = await responses.ListEarlierAsync(providerId, Paging.Skip, PageSize, cancellationToken);
    }

    /// <summary>
    /// The status tag. An unanswered referral whose search closed is still "Sent" in the data;
    /// "Awaiting response" would mislead, so it reads "Search closed".
    /// </summary>
    public static (string CssClass, string Text) StatusTag(Referral referral) =>
        referral.Status is ReferralStatus.Sent && !referral.CanBeAnswered
            ? ("govuk-tag govuk-tag--grey", "Search closed")
            : (Tags.ReferralStatus(referral.Status), Tags.ReferralStatusText(referral.Status));
}
