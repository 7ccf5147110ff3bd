using System.Linq.Expressions;
using Brokerage.Core.Domain;

namespace Brokerage.Core.Vacancies;

/// <summary>
/// How vacancies are listed: the current ones (still to be placed) in full, in the order a broker
/// works them, and the earlier ones newest first, a page at a time. Statuses are stored as text,
/// so ordering by the status column would sort them alphabetically; the order is written out here.
/// </summary>
public static class VacancyLists
{
    /// <summary>Still to be placed: open to the council, offered to one of its children, or in the regional scheme.</summary>
    public static readonly Expression<Func<Vacancy, bool>> IsCurrent = v =>
        v.Status == VacancyStatus.Open || v.Status == VacancyStatus.OfferedToCouncil || v.Status == VacancyStatus.InScheme;

    private static readonly Expression<Func<Vacancy, bool>> IsEarlier =
        Expression.Lambda<Func<Vacancy, bool>>(Expression.Not(IsCurrent.Body), IsCurrent.Parameters);

    /// <summary>Open first (the council's own children come first), then offered, then in the scheme; soonest ready first within each.</summary>
    public static IQueryable<Vacancy> Current(this IQueryable<Vacancy> vacancies) =>
        vacancies.Where(IsCurrent)
            .OrderBy(v => v.Status == VacancyStatus.Open ? 0 : v.Status == VacancyStatus.OfferedToCouncil ? 1 : 2)
            .ThenBy(v => v.ReadyFrom).ThenBy(v => v.Id);

    /// <summary>Matched, expired or withdrawn, the latest notified first.</summary>
    public static IQueryable<Vacancy> Earlier(this IQueryable<Vacancy> vacancies) =>
        vacancies.Where(IsEarlier).OrderByDescending(v => v.NotifiedAt).ThenByDescending(v => v.Id);
}
