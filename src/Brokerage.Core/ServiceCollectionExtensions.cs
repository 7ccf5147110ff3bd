using Brokerage.Core.ApiClients;
using Brokerage.Core.Matching;
using Brokerage.Core.Notifications;
using Brokerage.Core.Placements;
using Brokerage.Core.Referrals;
using Brokerage.Core.Requests;
using Brokerage.Core.Rules;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Core services. The rule set is loaded (and so checked) when first resolved; each scope
    /// (a request or a job) then works with the rules current when it began, even across a reload.
    /// </summary>
    public static IServiceCollection AddBrokerageCore(this IServiceCollection services, string rulesDirectory)
    {
        services.AddSingleton(_ => new RuleSetSource(rulesDirectory));
        services.AddScoped(sp => sp.GetRequiredService<RuleSetSource>().Current);
        services.AddMetrics();
        services.AddSingleton<Common.BrokerageLinks>();
        services.AddSingleton<ProviderEmails>();
        services.AddSingleton<AccountEmails>();
        services.AddSingleton<BrokerEmails>();
        services.AddSingleton<VacancyEmails>();
        services.AddSingleton<SchemeEmails>();
        services.AddSingleton<ApprovalEmails>();
        services.AddSingleton<PlacementEmails>();
        services.AddSingleton<Common.BrokerageMetrics>();
        services.AddScoped<MatchingEngine>();
        services.AddScoped<PlacementRequestService>();
        services.AddScoped<RequestChangeService>();
        services.AddScoped<MatchingService>();
        services.AddScoped<ReferralService>();
        services.AddScoped<ProviderResponseService>();
        services.AddScoped<PlacementService>();
        services.AddScoped<PlacementLifecycleService>();
        services.AddScoped<Jobs.PlacementEndingsJob>();
        services.AddScoped<ApiClientService>();
        services.AddScoped<OutboxDeliveryJob>();
        services.AddScoped<Jobs.ReferralDeadlinesJob>();
        services.AddScoped<Jobs.SearchEscalationJob>();
        services.AddScoped<Jobs.OfferHoldsJob>();
        services.AddScoped<Jobs.ContractCalendarJob>();
        services.AddScoped<Market.DirectoryService>();
        services.AddScoped<Market.DirectorySearch>();
        services.AddScoped<Market.OfstedImport>();
        services.AddScoped<Jobs.PlanningForumDigestJob>();
        services.AddScoped<Reports.PlanningForumDigestService>();
        services.AddScoped<Auditing.AuditSearchService>();
        services.AddScoped<Approvals.ApprovalService>();
        services.AddScoped<Approvals.RiskAssessmentValidator>();
        services.AddScoped<Approvals.UnregulatedRegisterService>();
        services.AddScoped<Jobs.ApprovalReviewsJob>();
        services.AddScoped<Vacancies.VacancyMatcher>();
        services.AddScoped<Vacancies.VacancyService>();
        services.AddScoped<Vacancies.SchemeService>();
        services.AddScoped<Vacancies.ProviderSearchService>();
        services.AddScoped<Jobs.VacancySchemeJob>();
        services.AddScoped<Jobs.StepOutWatchJob>();
        services.AddScoped<Home.WorkQueueService>();
        services.AddScoped<Reports.SufficiencyReports>();
        services.AddSingleton(_ => new Allocation.AllocationModels(Allocation.AllocationModel.LoadAll(rulesDirectory), rulesDirectory));
        services.AddScoped<Allocation.AllocationService>();
        services.AddScoped<RuleFilesService>();
        return services;
    }
}
