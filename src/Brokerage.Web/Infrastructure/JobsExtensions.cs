using Brokerage.Core.Common;
using Brokerage.Core.Identity;
using Brokerage.Core.Jobs;
using Brokerage.Core.Notifications;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Infrastructure;

/// <summary>Every background job and its schedule, in one place.</summary>
public static class JobsExtensions
{
    /// <summary>
    /// Job storage follows the database: in memory beside SQLite (one node), in PostgreSQL beside
    /// PostgreSQL, where every node's Hangfire server shares one queue and one schedule.
    /// </summary>
    public static IServiceCollection AddBrokerageJobs(this IServiceCollection services, BrokerageOptions options, BrokerageDatabase database)
    {
        services.AddHangfire(c =>
        {
            c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (database.IsPostgres)
            {
                c.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(database.ConnectionString), new PostgreSqlStorageOptions
                {
                    SchemaName = "hangfire",
                    PrepareSchemaIfNecessary = true,
                    QueuePollInterval = TimeSpan.FromSeconds(Math.Max(1, options.Jobs.QueuePollSeconds)),
                });
            }
            else
            {
                c.UseInMemoryStorage();
            }
        });
        if (options.RunJobs)
        {
            services.AddHangfireServer(o => o.WorkerCount = 2);
        }

        return services;
    }

    /// <summary>
    /// Recurring sweeps. Deadlines live in the database, so the schedules only say how often to
    /// look: in-memory job storage can be lost on restart without losing a deadline.
    /// </summary>
    public static WebApplication UseBrokerageJobs(this WebApplication app)
    {
        var jobs = app.Services.GetRequiredService<IOptions<BrokerageOptions>>().Value.Jobs;
        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        var london = new RecurringJobOptions { TimeZone = Brokerage.Core.UkTime.Zone };
        recurring.AddOrUpdate<ReferralDeadlinesJob>("referral-deadlines", j => j.ExecuteAsync(CancellationToken.None), jobs.DeadlineSweepCron, london);
        recurring.AddOrUpdate<SearchEscalationJob>("search-escalation", j => j.ExecuteAsync(CancellationToken.None), jobs.DeadlineSweepCron, london);
        recurring.AddOrUpdate<OfferHoldsJob>("offer-holds", j => j.ExecuteAsync(CancellationToken.None), jobs.HoldSweepCron, london);
        recurring.AddOrUpdate<ApprovalReviewsJob>("approval-reviews", j => j.ExecuteAsync(CancellationToken.None), jobs.HoldSweepCron, london);
        recurring.AddOrUpdate<VacancySchemeJob>("vacancy-scheme", j => j.ExecuteAsync(CancellationToken.None), jobs.DeadlineSweepCron, london);
        recurring.AddOrUpdate<OutboxDeliveryJob>("outbox-delivery", j => j.ExecuteAsync(CancellationToken.None), jobs.OutboxCron, london);
        recurring.AddOrUpdate<PlanningForumDigestJob>("planning-forum-digest", j => j.ExecuteAsync(CancellationToken.None), jobs.PlanningForumDigestCron, london);

        var links = app.Services.GetRequiredService<BrokerageLinks>();
        app.UseHangfireDashboard(links.JobDashboard(), new DashboardOptions
        {
            Authorization = [new AdminOnlyDashboardFilter()],
            DashboardTitle = "Brokerage jobs",
            AppPath = links.Outbox(),
        });
        return app;
    }

    private sealed class AdminOnlyDashboardFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }
}
