using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Identity;
using Brokerage.Core.Jobs;
using Brokerage.Core.Notifications;
using Hangfire;
using Hangfire.Common;
using Hangfire.Dashboard;
using Hangfire.Server;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Infrastructure;

/// <summary>Every background job and its schedule, in one place.</summary>
public static class JobsExtensions
{
    /// <summary>The queue of the sweeps that keep a child's search moving: chases, respond-by, escalation, holds, reviews, the scheme.</summary>
    public const string DeadlineQueue = "deadlines";

    /// <summary>The queue of the jobs that talk to the mail server: delivery and the weekly digest.</summary>
    public const string MailQueue = "mail";

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
            // Two servers on each node, so that email can never hold up a deadline: the sweeps have
            // workers of their own, and delivery (which waits on a mail server) has one worker, so
            // at most one delivery run at a time on a node.
            services.AddHangfireServer((sp, o) =>
            {
                o.ServerName = $"{Environment.MachineName}:deadlines";
                o.Queues = [DeadlineQueue];
                o.WorkerCount = 2;
                // This app's own filter (not Hangfire's process-wide list), beside the global ones.
                o.FilterProvider = new JobFilterProviderCollection(JobFilterProviders.Providers, new JobFilterCollection
                {
                    new SweepSuccessFilter(sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<TimeProvider>()),
                });
            });
            services.AddHangfireServer(o =>
            {
                o.ServerName = $"{Environment.MachineName}:mail";
                o.Queues = [MailQueue, "default"];
                o.WorkerCount = 1;
            });
        }

        return services;
    }

    /// <summary>
    /// Recurring sweeps. Deadlines live in the database, so the schedules only say how often to
    /// look: in-memory job storage can be lost on restart without losing a deadline.
    /// </summary>
    public static WebApplication UseBrokerageJobs(this WebApplication app)
    {
        // The start is taken now, so that /health gives sweeps that have not run yet their full time.
        _ = app.Services.GetRequiredService<Hardening.AppStart>();
        var jobs = app.Services.GetRequiredService<IOptions<BrokerageOptions>>().Value.Jobs;
        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        var london = new RecurringJobOptions { TimeZone = Brokerage.Core.UkTime.Zone };
        recurring.AddOrUpdate<ReferralDeadlinesJob>(Sweeps.ReferralDeadlines, DeadlineQueue, j => j.ExecuteAsync(CancellationToken.None), jobs.DeadlineSweepCron, london);
        recurring.AddOrUpdate<SearchEscalationJob>(Sweeps.SearchEscalation, DeadlineQueue, j => j.ExecuteAsync(CancellationToken.None), jobs.DeadlineSweepCron, london);
        recurring.AddOrUpdate<OfferHoldsJob>(Sweeps.OfferHolds, DeadlineQueue, j => j.ExecuteAsync(CancellationToken.None), jobs.HoldSweepCron, london);
        recurring.AddOrUpdate<ApprovalReviewsJob>(Sweeps.ApprovalReviews, DeadlineQueue, j => j.ExecuteAsync(CancellationToken.None), jobs.HoldSweepCron, london);
        recurring.AddOrUpdate<VacancySchemeJob>(Sweeps.VacancyScheme, DeadlineQueue, j => j.ExecuteAsync(CancellationToken.None), jobs.DeadlineSweepCron, london);
        recurring.AddOrUpdate<PlacementEndingsJob>(Sweeps.PlacementEndings, DeadlineQueue, j => j.ExecuteAsync(CancellationToken.None), jobs.HoldSweepCron, london);
        recurring.AddOrUpdate<StepOutWatchJob>(Sweeps.StepOutWatch, DeadlineQueue, j => j.ExecuteAsync(CancellationToken.None), jobs.HoldSweepCron, london);
        recurring.AddOrUpdate<ContractCalendarJob>("contract-calendar", DeadlineQueue, j => j.ExecuteAsync(CancellationToken.None), jobs.ContractCalendarCron, london);
        recurring.AddOrUpdate<OutboxDeliveryJob>("outbox-delivery", MailQueue, j => j.ExecuteAsync(CancellationToken.None), jobs.OutboxCron, london);
        recurring.AddOrUpdate<PlanningForumDigestJob>("planning-forum-digest", MailQueue, j => j.ExecuteAsync(CancellationToken.None), jobs.PlanningForumDigestCron, london);

        var links = app.Services.GetRequiredService<BrokerageLinks>();
        app.UseHangfireDashboard(links.JobDashboard(), new DashboardOptions
        {
            Authorization = [new AdminOnlyDashboardFilter()],
            DashboardTitle = "Brokerage jobs",
            AppPath = links.Outbox(),
        });
        return app;
    }

    /// <summary>Records each deadline sweep that finishes without error, so /health can say when one has stopped.</summary>
    private sealed class SweepSuccessFilter(IServiceScopeFactory scopes, TimeProvider time) : IServerFilter
    {
        public void OnPerforming(PerformingContext context)
        {
        }

        public void OnPerformed(PerformedContext context)
        {
            if (context.Exception is not null || context.Canceled || context.GetJobParameter<string>("RecurringJobId") is not { } sweep || !Sweeps.Deadline.Contains(sweep))
            {
                return;
            }

            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<BrokerageDbContext>().RecordSuccess(sweep, time.GetUtcNow().UtcDateTime);
        }
    }

    private sealed class AdminOnlyDashboardFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }
}
