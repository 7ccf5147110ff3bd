using Brokerage.Core.Domain;
using Brokerage.Core.Referrals;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Provider.Referrals;

public class IndexModel(ProviderResponseService responses) : PageModel
{
    public IReadOnlyList<Referral> Waiting { get; private set; } = [];

    public IReadOnlyList<Referral> Answered { get; private set; } = [];

    /// <summary>
    /// Referrals the provider never answered before the council placed the child elsewhere.
    /// They are neither waiting nor answered, and "Awaiting response" would mislead.
    /// </summary>
    public IReadOnlyList<Referral> ClosedUnanswered { get; private set; } = [];

    public bool HasAny => Waiting.Count + Answered.Count + ClosedUnanswered.Count > 0;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var referrals = await responses.ListAsync(User.ProviderIdOf()!.Value, cancellationToken);

        // The soonest deadline first: a crisis referral may need an answer within hours.
        Waiting = [.. referrals.Where(r => r.CanBeAnswered).OrderBy(r => r.RespondBy)];
        Answered = [.. referrals.Where(RespondModel.IsAnswered).OrderByDescending(r => r.RespondedAt ?? r.SentAt)];
        ClosedUnanswered = [.. referrals.Where(r => !r.CanBeAnswered && !RespondModel.IsAnswered(r))];
    }
}
