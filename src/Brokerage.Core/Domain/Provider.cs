namespace Brokerage.Core.Domain;

public class Provider
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>Companies House number, for a company.</summary>
    public string? CompanyNumber { get; set; }

    /// <summary>Charity Commission number, for a charity.</summary>
    public string? CharityNumber { get; set; }

    public required string ReferralEmail { get; set; }

    /// <summary>Who the council goes to when a referral is not answered: a manager's mailbox, name and telephone.</summary>
    public required string EscalationEmail { get; set; }
    public string? EscalationContactName { get; set; }
    public string? EscalationPhone { get; set; }

    /// <summary>Share of referrals answered in the last year, 0–1; feeds the timeliness score.</summary>
    public double ResponseRate { get; set; }

    public List<Setting> Settings { get; set; } = [];
}
