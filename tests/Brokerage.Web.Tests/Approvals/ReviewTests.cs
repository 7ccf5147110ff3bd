using System.Net;
using Brokerage.Core;
using Brokerage.Core.Approvals;
using Brokerage.Core.Domain;
using Brokerage.Core.Jobs;
using Brokerage.Core.Rules;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Brokerage.Web.Tests.Infrastructure.ApprovalScenario;

namespace Brokerage.Web.Tests.Approvals;

public sealed class ReviewTests
{
    [Fact]
    public async Task LivePlacement_RemindsTwoWorkingDaysBeforeTheReview_EscalatesWhenOverdue_AndAReviewIssuesANewVersion()
    {
        using var factory = new BrokerageWebFactory();
        var offered = await UnregulatedOfferAsync(factory, "CH-REVIEW1");
        // Friday 20 November 2026: the first review is 14 days on, Friday 4 December.
        var approval = await RaiseAsync(factory, RiskAssessment(factory, offered));
        Assert.Equal(new DateOnly(2026, 12, 4), approval.ProposedReviewDate);
        await DecideAsync(factory, approval.Id, ApprovalDecision.Approve);
        await AcceptAsync(factory, offered);

        // Reminder at opening time two working days before (Wednesday 2 December, 09:00 GMT).
        var remindAt = new DateTime(2026, 12, 2, 9, 0, 0, DateTimeKind.Utc);
        Assert.Equal(0, await SweepAtAsync(factory, remindAt.AddMinutes(-1)));
        Assert.Equal(1, await SweepAtAsync(factory, remindAt));
        Assert.Equal(0, await SweepAtAsync(factory, remindAt.AddHours(1)));
        var reminders = await MessagesAsync(factory, offered.RequestId, "Review due");
        Assert.Equal(["ad@ambershire.example", "assistant.directors@ambershire.example"], reminders.Select(m => m.To).Order());

        // Overdue once the review day closes (Friday 4 December, 17:00 GMT): escalated to the director, once.
        var overdueAt = new DateTime(2026, 12, 4, 17, 0, 0, DateTimeKind.Utc);
        Assert.Equal(0, await SweepAtAsync(factory, overdueAt.AddMinutes(-1)));
        Assert.Equal(1, await SweepAtAsync(factory, overdueAt));
        Assert.Equal(0, await SweepAtAsync(factory, overdueAt.AddDays(1)));
        Assert.Contains(await MessagesAsync(factory, offered.RequestId, "Overdue review"), m => m.To == "director.childrens.services@ambershire.example");

        var ad = await Browser.SignedInAsync(factory, AssistantDirector);
        var (_, register) = await ad.GetAsync("/approvals/register");
        Assert.Contains("0 under-16s and 1 aged 16 or 17", register.QuerySelector("[data-testid=register-summary]")!.TextContent, StringComparison.Ordinal);
        var row = register.QuerySelectorAll("[data-testid=register-row]").Single(r => r.TextContent.Contains("CH-REVIEW1", StringComparison.Ordinal));
        Assert.Contains("Overdue", row.TextContent, StringComparison.Ordinal);

        // The assistant director reviews through the page: version 2 is issued and version 1 is untouched.
        var v1 = await factory.WithDbAsync(db => db.DecisionRecords.AsNoTracking().SingleAsync(r => r.ApprovalRequestId == approval.Id));
        var response = await ad.SubmitAsync($"/approvals/{approval.Id}", new()
        {
            ["Version"] = await VersionAsync(factory, approval.Id),
            ["Outcome"] = "ContinueWithConditions", ["Notes"] = "Visited twice weekly; settled; college attendance 90%",
            ["ReviewConditions"] = "Ofsted application decision chased monthly",
            ["NextReviewDate.Day"] = "18", ["NextReviewDate.Month"] = "12", ["NextReviewDate.Year"] = "2026",
        }, postUrl: $"/approvals/{approval.Id}?handler=Review");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var records = await factory.WithDbAsync(db => db.DecisionRecords.AsNoTracking().Where(r => r.ApprovalRequestId == approval.Id).OrderBy(r => r.Version).ToListAsync());
        Assert.Equal([1, 2], records.Select(r => r.Version));
        Assert.Equal(v1.Pdf, records[0].Pdf);
        Assert.Equal(DecisionRecordKind.Review, records[1].Kind);
        var v2 = PdfText.Read(records[1].Pdf);
        Assert.Contains($"{approval.Reference}-v2", v2, StringComparison.Ordinal);
        Assert.Contains("college attendance 90%", v2, StringComparison.Ordinal);
        Assert.Contains("Ofsted application decision chased monthly", v2, StringComparison.Ordinal);
        Assert.DoesNotContain("college attendance 90%", PdfText.Read(records[0].Pdf), StringComparison.Ordinal);

        var reviewed = await factory.WithDbAsync(db => db.ApprovalRequests.AsNoTracking().SingleAsync(a => a.Id == approval.Id));
        Assert.Equal(new DateOnly(2026, 12, 18), reviewed.NextReviewDate);
        Assert.Null(reviewed.ReviewReminderSentAt);
        Assert.Null(reviewed.ReviewOverdueEscalatedAt);
        Assert.Equal(ApprovalStatus.Approved, reviewed.Status);
        Assert.Null(reviewed.Conditions);
        Assert.Contains(await factory.WithDbAsync(db => db.AuditEvents.Where(a => a.PlacementRequestId == offered.RequestId).Select(a => a.Action).ToListAsync()), a => a == "ApprovalReviewed");
    }

    [Fact]
    public void ReviewReminders_SkipBankHolidays()
    {
        using var factory = new BrokerageWebFactory();
        var sla = factory.Services.GetRequiredService<RuleSetSource>().Current.Sla;

        // Tuesday 29 December 2026: Christmas Day (Friday) and the Boxing Day substitute (Monday 28th) do not count.
        var deadlines = sla.ForReview(new DateOnly(2026, 12, 29));

        Assert.Equal(new DateTime(2026, 12, 23, 9, 0, 0, DateTimeKind.Utc), deadlines.ReminderAt);
        Assert.Equal(new DateTime(2026, 12, 29, 17, 0, 0, DateTimeKind.Utc), deadlines.OverdueAt);
    }

    [Fact]
    public async Task Review_WithMissingAnswers_ShowsErrorsAndIssuesNothing()
    {
        using var factory = new BrokerageWebFactory();
        var offered = await UnregulatedOfferAsync(factory, "CH-REVIEW2");
        var approval = await RaiseAsync(factory, RiskAssessment(factory, offered));
        await DecideAsync(factory, approval.Id, ApprovalDecision.Approve);
        await AcceptAsync(factory, offered);
        var ad = await Browser.SignedInAsync(factory, AssistantDirector);

        var response = await ad.SubmitAsync($"/approvals/{approval.Id}", new() { ["Version"] = await VersionAsync(factory, approval.Id), ["Outcome"] = "Continue", ["NextReviewDate.Day"] = "1", ["NextReviewDate.Month"] = "6", ["NextReviewDate.Year"] = "2027" },
            postUrl: $"/approvals/{approval.Id}?handler=Review");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Equal(["#Notes", "#NextReviewDate"], page.QuerySelectorAll(".govuk-error-summary__list a").Select(a => a.GetAttribute("href")));
        Assert.Contains("no more than 28 days after today", page.QuerySelector("#NextReviewDate-error")!.TextContent, StringComparison.Ordinal);

        // Continuing on conditions without them: the error sits beside the review's own conditions box, and a date that is no date is named.
        var withConditions = await ad.SubmitAsync($"/approvals/{approval.Id}", new()
        {
            ["Version"] = await VersionAsync(factory, approval.Id), ["Outcome"] = "ContinueWithConditions", ["Notes"] = "Settled",
            ["NextReviewDate.Day"] = "31", ["NextReviewDate.Month"] = "2", ["NextReviewDate.Year"] = "2027",
        }, postUrl: $"/approvals/{approval.Id}?handler=Review");
        Assert.Equal(HttpStatusCode.BadRequest, withConditions.StatusCode);
        var again = await Browser.ParseAsync(withConditions);
        Assert.Contains("The date of the next review must be a real date", again.QuerySelector("#NextReviewDate-error")!.TextContent, StringComparison.Ordinal);

        withConditions = await ad.SubmitAsync($"/approvals/{approval.Id}", new()
        {
            ["Version"] = await VersionAsync(factory, approval.Id), ["Outcome"] = "ContinueWithConditions", ["Notes"] = "Settled",
            ["NextReviewDate.Day"] = "10", ["NextReviewDate.Month"] = "12", ["NextReviewDate.Year"] = "2026",
        }, postUrl: $"/approvals/{approval.Id}?handler=Review");
        Assert.Equal(HttpStatusCode.BadRequest, withConditions.StatusCode);
        again = await Browser.ParseAsync(withConditions);
        Assert.Equal(["#ReviewConditions"], again.QuerySelectorAll(".govuk-error-summary__list a").Select(a => a.GetAttribute("href")));
        Assert.Contains("Enter the conditions the placement continues on", again.QuerySelector("#ReviewConditions-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await factory.WithDbAsync(db => db.DecisionRecords.CountAsync(r => r.ApprovalRequestId == approval.Id)));
    }

    private static Task<string> VersionAsync(BrokerageWebFactory factory, int approvalId) =>
        factory.WithDbAsync(db => db.ApprovalRequests.Where(a => a.Id == approvalId).Select(a => a.Version.ToString()).SingleAsync());

    private static async Task<int> SweepAtAsync(BrokerageWebFactory factory, DateTime utc)
    {
        factory.Time.SetUtcNow(utc);
        return await factory.RunAsync<ApprovalReviewsJob, int>(j => j.ExecuteAsync(CancellationToken.None));
    }

    private static Task<List<OutboxMessage>> MessagesAsync(BrokerageWebFactory factory, int requestId, string subject) =>
        factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.PlacementRequestId == requestId && m.Subject.StartsWith(subject)).ToListAsync());
}
