namespace Brokerage.Core.Domain;

public class Provider
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string ReferralEmail { get; set; }
    public required string EscalationEmail { get; set; }

    /// <summary>Share of referrals answered in the last year, 0–1; feeds the timeliness score.</summary>
    public double ResponseRate { get; set; }

    public List<Setting> Settings { get; set; } = [];
}
