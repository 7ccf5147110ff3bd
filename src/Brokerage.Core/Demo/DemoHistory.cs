using System.Globalization;
using System.Security.Cryptography;
using Brokerage.Core.Approvals;
using Brokerage.Core.Council;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Core.Requests;
using Brokerage.Core.Rules;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Demo;

/// <summary>
/// Closed requests from the last few years, so the sufficiency reports and scorecards show
/// something on a fresh install: placed and unplaced searches, referrals answered, declined and
/// ignored, and a few unregulated placements approved by an assistant director. Fictional and
/// deterministic for a given day.
/// </summary>
public static partial class DemoData
{
    private const int HistorySeed = 20231123;
    private const int RequestsPerYear = 150;

    /// <summary>Adds the history once; the market must already be saved.</summary>
    public static async Task SeedHistoryAsync(BrokerageDbContext db, RuleSet rules, TimeProvider time, int years, CancellationToken ct = default)
    {
        if (years <= 0 || await db.PlacementRequests.AnyAsync(r => r.Status == RequestStatus.Placed || r.Status == RequestStatus.Closed, ct))
        {
            return;
        }

        var random = new Random(HistorySeed);
        var settings = await db.Settings.Include(s => s.Provider).OrderBy(s => s.Id).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(UkTime.ToLocal(now));
        var childReferences = new UniqueNames(random);
        var localities = rules.Gazetteer.InCounty.ToArray();
        var approvals = 0;
        // References in the order requests are added, so the next one the app raises follows the last.
        var number = 5001;
        var moves = new List<(Placement From, PlacementRequest Move)>();
        for (var i = 0; i < years * RequestsPerYear; i++)
        {
            var request = HistoricRequest(random, rules.Urgency, childReferences, localities, now, number++, years);
            // A few children's placements are fragile: each tends to end sooner, so some move three times in a year.
            var fragile = random.NextDouble() < 0.15;
            DateOnly? movedOn = null;
            while (true)
            {
                db.PlacementRequests.Add(request);
                var placement = Search(random, rules.Sla, request, settings);
                if (placement is null)
                {
                    request.Closure = RequestClosure.Withdrawn;
                    request.WithdrawalReason = Pick(random, WithdrawalReason.NoLongerNeeded, WithdrawalReason.ReturnedHome, WithdrawalReason.PlacedByAnotherRoute);
                    request.ClosedAt = request.NoticeReceivedAt.AddDays(random.Next(1, 10));
                    request.ClosedBy = CreatedBy;
                    break;
                }

                if (movedOn is { } day)
                {
                    // A move: the child goes from one home to the next on the day the last one ends.
                    placement.StartDate = day;
                    var movedAt = UkTime.ToUtc(day.ToDateTime(new TimeOnly(9, 0)));
                    placement.AcceptedAt = placement.AcceptedAt < movedAt ? placement.AcceptedAt : movedAt;
                    placement.ConfirmedAt = placement.AcceptedAt;
                }

                var moveOn = Live(random, request, placement, today, fragile);
                // Every unregulated placement still running was approved by an assistant director, and a few that ended.
                var running = placement.Status is PlacementStatus.Confirmed or PlacementStatus.Started;
                if (!placement.Setting.IsRegulated && (running || approvals < 8))
                {
                    approvals++;
                    Approve(db, random, request, placement, today, running);
                }

                if (moveOn is null)
                {
                    break;
                }

                request = MoveRequest(rules.Urgency, request, placement, moveOn.Value, number++);
                moves.Add((placement, request));
                movedOn = placement.EndDate;
            }
        }

        await db.SaveChangesAsync(ct);

        // The links between a placement and the move from it need both saved first.
        foreach (var (from, move) in moves)
        {
            from.MoveRequestId = move.Id;
            move.ReplacesPlacementId = from.Id;
        }

        await db.SaveChangesAsync(ct);
    }

    private static PlacementRequest HistoricRequest(Random random, UrgencyPolicy urgency, UniqueNames childReferences, Locality[] localities, DateTime now, int number, int years)
    {
        var noticeReceived = UkTime.ToUtc(UkTime.ToLocal(now).Date.AddDays(-random.Next(45, years * 365)).AddHours(random.Next(9, 17)).AddMinutes(5 * random.Next(12)));
        var noticeDays = random.NextDouble() switch { < 0.37 => 0, < 0.45 => random.Next(1, 4), < 0.71 => random.Next(4, 14), _ => random.Next(14, 45) };
        var requiredFrom = RequiredFrom(noticeReceived, noticeDays);
        var age = random.NextDouble() switch { < 0.15 => random.Next(0, 5), < 0.35 => random.Next(5, 10), < 0.6 => random.Next(10, 14), _ => random.Next(14, 18) };
        var needs = AnyOf(random, FosteringNeeds, 0, 1);
        needs |= random.NextDouble() < 0.1 ? Needs.SiblingGroup : Needs.None;
        needs |= random.NextDouble() < 0.08 ? Needs.ComplexDisability : Needs.None;
        var type = (age, random.NextDouble()) switch
        {
            ( >= 16, < 0.5) => PlacementType.SupportedAccommodation,
            ( >= 16, < 0.7) => PlacementType.ChildrensHome,
            ( >= 12, < 0.45) => PlacementType.ChildrensHome,
            ( < 12, < 0.08) => PlacementType.ChildrensHome,
            _ => PlacementType.Fostering,
        };
        var home = Pick(random, localities);
        var requiredOn = DateOnly.FromDateTime(UkTime.ToLocal(requiredFrom));
        return new PlacementRequest
        {
            Reference = string.Create(CultureInfo.InvariantCulture, $"PR-{number}"),
            ChildReference = childReferences.ChildReference(),
            DateOfBirth = requiredOn.AddYears(-age).AddDays(-random.Next(15, 331)),
            Gender = random.NextDouble() < 0.02 ? Gender.NonBinary : Pick(random, Gender.Female, Gender.Male),
            Ethnicity = random.NextDouble() < 0.7 ? "White British" : Ethnicities.All[random.Next(1, Ethnicities.All.Count - 1)],
            LegalStatus = Pick(random, LegalStatus.Section20, LegalStatus.InterimCareOrder, LegalStatus.CareOrder, LegalStatus.CareOrder),
            Needs = needs,
            HomeLocality = home.Name,
            HomePostcode = Postcode(random, home),
            HomeLatitude = home.Latitude,
            HomeLongitude = home.Longitude,
            PlacementType = type,
            NoticeReceivedAt = noticeReceived,
            RequiredFrom = requiredFrom,
            Urgency = urgency.Classify(noticeDays),
            WeeklyBudget = type switch { PlacementType.Fostering => 1000, PlacementType.SupportedAccommodation => 1800, _ => 6500 },
            MaxDistanceMiles = 20,
            Status = RequestStatus.Closed,
            CreatedAt = noticeReceived,
            CreatedBy = CreatedBy,
            Team = needs.HasFlag(Needs.ComplexDisability) ? Teams.All[2] : age >= 16 && random.NextDouble() < 0.5 ? Teams.All[3] : Teams.All[random.Next(0, Teams.All.Count)],
        };
    }

    /// <summary>Referrals answered, declined and ignored, and usually a placement: the shape of a real search.</summary>
    private static Placement? Search(Random random, SlaPolicy sla, PlacementRequest request, List<Setting> settings)
    {
        var sentAt = request.NoticeReceivedAt.AddMinutes(30);
        var deadlines = sla.ForReferral(request.Urgency, sentAt);
        var respondHours = (deadlines.RespondBy - sentAt).TotalHours;
        var sameType = settings.Where(s => s.Type == request.PlacementType && (s.IsRegulated || request.AgeOn(DateOnly.FromDateTime(request.RequiredFrom)) >= 16)).ToList();
        foreach (var setting in sameType.OrderBy(_ => random.Next()).Take(random.Next(3, 6)))
        {
            var referral = new Referral
            {
                SettingId = setting.Id, Setting = setting, ProviderId = setting.ProviderId, SentAt = sentAt, SentBy = CreatedBy,
                RespondBy = deadlines.RespondBy, FirstChaseAt = deadlines.FirstChaseAt, SecondChaseAt = deadlines.SecondChaseAt,
                Status = ReferralStatus.NoResponse,
            };
            if (random.NextDouble() < setting.Provider.ResponseRate)
            {
                referral.RespondedAt = sentAt.AddHours(respondHours * (0.1 + (random.NextDouble() * 1.1)));
                referral.RespondedBy = setting.Provider.ReferralEmail;
                if (random.NextDouble() < 0.35)
                {
                    referral.Status = ReferralStatus.Offered;
                    referral.Offer = new Offer { AvailableFrom = DateOnly.FromDateTime(request.RequiredFrom), WeeklyCost = setting.WeeklyRate, Status = OfferStatus.Open, CreatedAt = referral.RespondedAt.Value };
                }
                else
                {
                    referral.Status = ReferralStatus.Declined;
                    referral.DeclineReason = Pick(random, DeclineReason.NoVacancy, DeclineReason.NoVacancy, DeclineReason.CannotMeetNeeds, DeclineReason.ImpactOnOtherChildren, DeclineReason.LocationNotSuitable, DeclineReason.CostNotAgreed);
                }
            }

            request.Referrals.Add(referral);
        }

        if (random.NextDouble() < 0.12)
        {
            // Closed without a placement: the plan changed or the child went home.
            return null;
        }

        var chosen = request.Referrals.Where(r => r.Offer is not null).OrderBy(_ => random.Next()).FirstOrDefault();
        if (chosen is null || random.NextDouble() < 0.15)
        {
            // Found further afield or in another type of placement, after the referrals recorded here.
            var securedType = random.NextDouble() < 0.8 ? request.PlacementType : Pick(random, PlacementType.Fostering, PlacementType.ChildrensHome, PlacementType.SupportedAccommodation);
            if (securedType != request.PlacementType)
            {
                // The plan found that type suitable too, or the child could not have been placed there.
                request.AlsoSuitableTypes |= securedType.AsSet();
            }

            var candidates = settings.Where(s => s.Type == securedType && s.IsRegulated && request.Referrals.All(r => r.SettingId != s.Id)).ToList();
            var setting = candidates[random.Next(candidates.Count)];
            chosen = new Referral
            {
                SettingId = setting.Id, Setting = setting, ProviderId = setting.ProviderId, SentAt = sentAt.AddHours(respondHours), SentBy = CreatedBy,
                RespondBy = sentAt.AddHours(2 * respondHours), FirstChaseAt = sentAt.AddHours(1.5 * respondHours), SecondChaseAt = sentAt.AddHours(1.75 * respondHours),
                Status = ReferralStatus.Offered, RespondedAt = sentAt.AddHours(1.2 * respondHours), RespondedBy = setting.Provider.ReferralEmail,
                Offer = new Offer { AvailableFrom = DateOnly.FromDateTime(request.RequiredFrom), WeeklyCost = setting.WeeklyRate, Status = OfferStatus.Open, CreatedAt = sentAt.AddHours(1.2 * respondHours) },
            };
            request.Referrals.Add(chosen);
        }

        // Harder-to-place children wait longer (DESIGN §3.6), which the timeliness scorecard shows.
        var days = request.Urgency switch { Urgency.Crisis => 0.2 + random.NextDouble(), Urgency.Emergency => 1 + (3 * random.NextDouble()), Urgency.ShortNotice => 3 + (9 * random.NextDouble()), _ => 10 + (25 * random.NextDouble()) };
        var age = request.AgeOn(DateOnly.FromDateTime(UkTime.ToLocal(request.NoticeReceivedAt)));
        days *= (age >= 10 ? 1.3 : 1) * (request.Needs.HasFlag(Needs.SiblingGroup) ? 1.5 : 1) * (request.Needs.HasFlag(Needs.ComplexDisability) ? 1.6 : 1) * (Ethnicities.IsBlackOrMinorityEthnic(request.Ethnicity) ? 1.2 : 1);
        var confirmedAt = request.NoticeReceivedAt.AddDays(days);
        foreach (var other in request.Referrals.Where(r => r != chosen && r.Offer is not null))
        {
            other.Status = ReferralStatus.NotSelected;
            other.Offer!.Status = OfferStatus.NotSelected;
        }

        chosen.Status = ReferralStatus.Accepted;
        chosen.Offer!.Status = OfferStatus.Accepted;
        var placed = chosen.Setting;
        var placement = new Placement
        {
            Offer = chosen.Offer,
            SettingId = placed.Id,
            Setting = placed,
            Status = PlacementStatus.Confirmed,
            StartDate = DateOnly.FromDateTime(UkTime.ToLocal(confirmedAt)),
            WeeklyCost = chosen.Offer.WeeklyCost,
            Contract = placed.Contract,
            Registration = placed.Registration,
            FrameworkLot = placed.FrameworkLot,
            DistanceMiles = Math.Round(Geo.DistanceMiles(request.HomeLatitude, request.HomeLongitude, placed.Latitude, placed.Longitude), 1),
            OutOfCounty = !placed.InCounty,
            MatchRationale = "Historical placement recorded for the demonstration.",
            AcceptedAt = confirmedAt,
            AcceptedBy = CreatedBy,
            ConfirmedAt = confirmedAt,
            ConfirmedBy = CreatedBy,
        };
        request.Placements.Add(placement);
        request.Status = RequestStatus.Placed;
        return placement;
    }

    /// <summary>
    /// The placement's life after the first yes: the child arrives; it may end (planned or not, on
    /// the provider's notice or for another reason) with dated cost changes along the way. Returns
    /// the notice of a move when the child moves on to another placement.
    /// </summary>
    private static (DateTime NoticeAt, int NoticeDays)? Live(Random random, PlacementRequest request, Placement placement, DateOnly today, bool fragile)
    {
        if (placement.StartDate > today)
        {
            // Confirmed, the child not yet arrived.
            return null;
        }

        var arrivedAt = UkTime.ToUtc(placement.StartDate.ToDateTime(new TimeOnly(16, 0)));
        arrivedAt = arrivedAt > placement.ConfirmedAt ? arrivedAt : placement.ConfirmedAt!.Value.AddHours(2);
        placement.Status = PlacementStatus.Started;
        placement.ArrivedAt = arrivedAt;
        placement.StartRecordedBy = CreatedBy;
        request.Status = RequestStatus.Closed;
        request.Closure = RequestClosure.PlacementStarted;
        request.ClosedAt = arrivedAt;
        request.ClosedBy = CreatedBy;

        var mean = (fragile ? 0.25 : 1) * placement.Setting.Type switch { PlacementType.Fostering => 900, PlacementType.ChildrensHome => 420, _ => 320 };
        var days = (int)Math.Max(14, -mean * Math.Log(1 - random.NextDouble()));
        var end = placement.StartDate.AddDays(days);
        var adult = request.DateOfBirth.AddYears(18);
        var leavesCare = adult <= end;
        end = leavesCare ? (adult > placement.StartDate ? adult : placement.StartDate.AddDays(1)) : end;
        var running = end > today;
        // A change takes effect on a day the child is there: the last is the day before the end.
        CostChanges(random, placement, running ? today : end.AddDays(-1));
        if (running)
        {
            placement.IsInterim = random.NextDouble() < 0.05;
            return null;
        }

        var planned = leavesCare || random.NextDouble() < (fragile ? 0.2 : 0.55);
        var reason = leavesCare ? EndReason.LeftCare
            : planned ? Pick(random, EndReason.ReturnedHome, EndReason.ReturnedHome, EndReason.Permanence, EndReason.NeedsChanged)
            : Pick(random, EndReason.ProviderNotice, EndReason.ProviderNotice, EndReason.ProviderNotice, EndReason.Breakdown, EndReason.Breakdown, EndReason.ChildWishes, EndReason.CouncilDecision, EndReason.NeedsChanged);
        var noticeDays = random.Next(0, 10);
        placement.Status = PlacementStatus.Ended;
        placement.EndDate = end;
        placement.EndPlanned = planned;
        placement.EndReason = reason;
        if (reason == EndReason.ProviderNotice)
        {
            // Four in ten providers give less notice than the contract's 28 days.
            noticeDays = random.NextDouble() < 0.4 ? random.Next(2, 28) : random.Next(28, 36);
            placement.NoticePeriodDays = SettingContract.DefaultNoticePeriodDays;
            placement.NoticeGivenOn = end.AddDays(-noticeDays);
        }

        var recordedAt = UkTime.ToUtc(end.AddDays(-Math.Max(1, noticeDays)).ToDateTime(new TimeOnly(11, 0)));
        placement.EndRecordedAt = recordedAt;
        placement.EndRecordedBy = CreatedBy;
        return reason is EndReason.ReturnedHome or EndReason.Permanence or EndReason.LeftCare ? null : (recordedAt, noticeDays);
    }

    /// <summary>The April fee uplift each year the placement runs into, and now and then a package review that trims the cost.</summary>
    private static void CostChanges(Random random, Placement placement, DateOnly until)
    {
        var cost = placement.WeeklyCost;
        void Change(DateOnly from, decimal weeklyCost, CostChangeReason reason, string details)
        {
            placement.CostChanges.Add(new PlacementCostChange
            {
                EffectiveFrom = from, WeeklyCost = weeklyCost, PreviousWeeklyCost = cost, Reason = reason, Details = details,
                RecordedAt = Later(UkTime.ToUtc(from.AddDays(-14).ToDateTime(new TimeOnly(10, 0))), placement.AcceptedAt), RecordedBy = CreatedBy,
            });
            cost = weeklyCost;
        }

        var review = placement.Setting.Type != PlacementType.Fostering && random.NextDouble() < 0.2 ? placement.StartDate.AddDays(120) : (DateOnly?)null;
        for (var april = new DateOnly(placement.StartDate.Year, 4, 1); april <= until; april = april.AddYears(1))
        {
            if (review is { } day && day < april && day <= until)
            {
                Change(day, Math.Round(cost * 0.9m), CostChangeReason.PackageReview, "Two-to-one staffing reduced to one-to-one at the review.");
                review = null;
            }

            if (april > placement.StartDate)
            {
                Change(april, Math.Round(cost * 1.03m), CostChangeReason.FeeUplift, "Annual uplift of 3%.");
            }
        }

        if (review is { } last && last <= until)
        {
            Change(last, Math.Round(cost * 0.9m), CostChangeReason.PackageReview, "Two-to-one staffing reduced to one-to-one at the review.");
        }
    }

    private static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;

    /// <summary>The request raised when the child moves on: the last one's child and needs, linked to the placement it replaces.</summary>
    private static PlacementRequest MoveRequest(UrgencyPolicy urgency, PlacementRequest last, Placement placement, (DateTime NoticeAt, int NoticeDays) notice, int number) => new()
    {
        Reference = string.Create(CultureInfo.InvariantCulture, $"PR-{number}"),
        ChildReference = last.ChildReference,
        DateOfBirth = last.DateOfBirth,
        Gender = last.Gender,
        Ethnicity = last.Ethnicity,
        LegalStatus = last.LegalStatus,
        Needs = last.Needs,
        HomeLocality = last.HomeLocality,
        HomePostcode = last.HomePostcode,
        HomeLatitude = last.HomeLatitude,
        HomeLongitude = last.HomeLongitude,
        PlacementType = last.PlacementType,
        AlsoSuitableTypes = last.AlsoSuitableTypes,
        NoticeReceivedAt = notice.NoticeAt,
        RequiredFrom = UkTime.ToUtc(placement.EndDate!.Value.ToDateTime(new TimeOnly(10, 0))),
        Urgency = urgency.Classify(notice.NoticeDays),
        WeeklyBudget = last.WeeklyBudget,
        MaxDistanceMiles = last.MaxDistanceMiles,
        Status = RequestStatus.Closed,
        CreatedAt = notice.NoticeAt,
        CreatedBy = CreatedBy,
        Team = last.Team,
    };

    /// <summary>An assistant director's approval of an unregulated placement, with its decision record.</summary>
    /// <param name="live">The placement is still running: the approval stands, with a review coming up.</param>
    private static void Approve(BrokerageDbContext db, Random random, PlacementRequest request, Placement placement, DateOnly today, bool live)
    {
        var decidedAt = placement.AcceptedAt.AddHours(-2);
        var referral = request.Referrals.Single(r => r.Offer == placement.Offer);
        var approval = new ApprovalRequest
        {
            Reference = request.Reference + "-A1",
            PlacementRequest = request,
            Referral = referral,
            SettingId = placement.SettingId,
            Setting = placement.Setting,
            Registration = placement.Registration,
            Route = ApprovalRoute.Standard,
            Grounds = $"{Common.Display.Registration(placement.Registration)} provision",
            HowNeedsAreMet = "Staffed supported accommodation near college, with a key worker on site during the day.",
            QualityChecks = QualityCheck.AccommodationVisited | QualityCheck.StaffVettingSeen | QualityCheck.SafeguardingPoliciesSeen,
            QualityAssuranceNotes = "Insurance and safety certificates requested from the provider.",
            Risks = [new RiskItem("Going missing overnight", "Curfew agreed; missing-from-care protocol shared with staff", "Social worker")],
            VisitingFrequency = VisitingFrequency.Weekly,
            RegistrationAppliedOn = random.NextDouble() < 0.6 ? placement.StartDate.AddDays(-random.Next(10, 90)) : null,
            ProposedReviewDate = placement.StartDate.AddDays(28),
            RaisedAt = decidedAt.AddHours(-3),
            RaisedBy = CreatedBy,
            Status = live ? ApprovalStatus.Approved : ApprovalStatus.Closed,
            DecisionReasons = "No registered provision could meet the young person's needs at the time; risks are managed.",
            DecidedAt = decidedAt,
            DecidedBy = "ad@ambershire.example",
        };
        approval.RegistrationExpectedBy = approval.RegistrationAppliedOn?.AddDays(120);
        if (live)
        {
            approval.NextReviewDate = today.AddDays(random.Next(3, 25));
        }

        var pdf = DecisionRecordDocument.Render(approval, approval.Reference + "-v1", 1, null, decidedAt, new Council.CouncilOptions { Name = "Ambershire County Council" });
        approval.Records.Add(new DecisionRecord { Version = 1, DocumentReference = approval.Reference + "-v1", Kind = DecisionRecordKind.Decision, IssuedAt = decidedAt, IssuedBy = "ad@ambershire.example", Pdf = pdf, Sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf)) });
        db.ApprovalRequests.Add(approval);
        placement.ApprovalRequest = approval;
        placement.ApprovalReference = approval.Reference;
        placement.ApprovalReason = approval.Grounds;
    }
}
