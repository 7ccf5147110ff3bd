using Brokerage.Core.Auditing;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Brokerage.Core.Requests;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Placements;

/// <param name="ExpectedVersion">The placement version the broker's page was built from.</param>
public sealed record RecordArrivalOptions(int RequestId, int ExpectedVersion, DateTime? ArrivedAt, string Actor);

public sealed record RecordDidNotStartOptions(int RequestId, int ExpectedVersion, string? Reason, string Actor);

/// <param name="NoticeGivenOn">For an ending on the provider's notice: the day it gave notice.</param>
/// <param name="Move">The child moves on to another placement: a new request is raised, linked to this one.</param>
/// <param name="MoveBroker">
/// The mailbox responsible for the move's request, which hears of its offers and escalations. A broker
/// recording the ending is that by default; a system (the API) is not a mailbox, so it names one.
/// </param>
public sealed record EndPlacementOptions(int RequestId, int ExpectedVersion, DateOnly? EndDate, bool? Planned, EndReason? Reason, string? Details, DateOnly? NoticeGivenOn, bool Move, string Actor, string? MoveBroker = null);

public sealed record SetInterimOptions(int RequestId, int ExpectedVersion, bool IsInterim, string Actor);

public sealed record ChangeWeeklyCostOptions(int RequestId, int ExpectedVersion, DateOnly? EffectiveFrom, decimal? WeeklyCost, CostChangeReason? Reason, string? Details, string Actor);

/// <summary>
/// A placement after the first yes: the child arrives (or never does), the cost changes, and it
/// ends, planned or not, sometimes with a move. Places filled follow: a place is taken at
/// acceptance and given back when the child never arrives or the placement ends.
/// </summary>
public sealed class PlacementLifecycleService(BrokerageDbContext db, TimeProvider time, PlacementRequestService requests, ProviderEmails providerEmails)
{
    public async Task<Placement> RecordArrivalAsync(RecordArrivalOptions options, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        var placement = await LoadAsync(options.RequestId, options.ExpectedVersion, cancellationToken);
        if (placement.Status != PlacementStatus.Confirmed)
        {
            throw new ConflictException($"The placement at {placement.Setting.Name} is {Display.PlacementStatus(placement.Status).ToLowerInvariant()}, so the child's arrival cannot be recorded");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var errors = new FieldErrors();
        if (options.ArrivedAt is not { } arrived)
        {
            errors.Add(nameof(options.ArrivedAt), "Enter the date and time the child arrived");
        }
        else if (arrived > now.AddMinutes(5))
        {
            errors.Add(nameof(options.ArrivedAt), "The date the child arrived must be today or in the past");
        }
        // Judged to the minute: the form has no seconds.
        else if (arrived < placement.PlacementRequest.NoticeReceivedAt.AddTicks(-(placement.PlacementRequest.NoticeReceivedAt.Ticks % TimeSpan.TicksPerMinute)))
        {
            errors.Add(nameof(options.ArrivedAt), $"The date the child arrived must be after notice was received, {UkTime.Format(placement.PlacementRequest.NoticeReceivedAt)}");
        }

        errors.ThrowIfAny();
        var planned = placement.StartDate;
        placement.Status = PlacementStatus.Started;
        placement.ArrivedAt = options.ArrivedAt;
        placement.StartRecordedBy = options.Actor;
        placement.StartDate = DateOnly.FromDateTime(UkTime.ToLocal(options.ArrivedAt!.Value));
        var request = placement.PlacementRequest;
        request.Status = RequestStatus.Closed;
        request.Closure = RequestClosure.PlacementStarted;
        request.ClosedAt = now;
        request.ClosedBy = options.Actor;
        request.Version++;
        db.Audit(now, options.Actor, "PlacementStarted",
            $"The child arrived at {placement.Setting.Name} on {UkTime.Format(options.ArrivedAt.Value)}{(planned == placement.StartDate ? "" : $" (planned for {UkTime.Format(planned)})")}. The request is closed.",
            request.Id, nameof(Placement), placement.Id, before: "Confirmed", after: "Started");
        await SaveAsync(placement, options.ExpectedVersion, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return placement;
    }

    /// <summary>
    /// The child never arrived: the place is given back to the provider and the request opens
    /// again, so that the search for a home goes on.
    /// </summary>
    public async Task<Placement> RecordDidNotStartAsync(RecordDidNotStartOptions options, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors().Required(nameof(options.Reason), "why the placement did not start", options.Reason);
        errors.MaxLength(nameof(options.Reason), "the reason", options.Reason).ThrowIfAny();

        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        var placement = await LoadAsync(options.RequestId, options.ExpectedVersion, cancellationToken);
        if (placement.Status != PlacementStatus.Confirmed)
        {
            throw new ConflictException($"The placement at {placement.Setting.Name} is {Display.PlacementStatus(placement.Status).ToLowerInvariant()}: only one the child has not arrived at can be recorded as not started");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var reason = options.Reason!.Trim();
        placement.Status = PlacementStatus.DidNotStart;
        placement.DidNotStartReason = reason;
        var referral = placement.Offer.Referral;
        RequestChangeService.Withdraw(referral, now, "The placement did not start: " + reason);
        placement.Offer.Status = OfferStatus.Withdrawn;
        var request = placement.PlacementRequest;
        request.Status = RequestStatus.Open;
        request.EscalateAt = null;
        request.Version++;
        await GiveBackPlaceAsync(placement, now, options.Actor, "the child did not arrive", cancellationToken);
        db.Enqueue(now, placement.Setting.Provider.ReferralEmail, providerEmails.PlacementDidNotStart(request, placement.Setting), request.Id);
        db.Audit(now, options.Actor, "PlacementDidNotStart", $"The placement at {placement.Setting.Name} did not start: {reason}. The place was given back and the request is open again.",
            request.Id, nameof(Placement), placement.Id, before: "Confirmed", after: "Did not start");
        await SaveAsync(placement, options.ExpectedVersion, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return placement;
    }

    /// <summary>
    /// Records the end of a placement. An end date still to come (the provider's notice, a planned
    /// move) leaves the child there, and the place filled, until that day; the placement-endings
    /// sweep then gives the place back. With a move, the child's next request is raised now,
    /// linked to this placement and filled in from the last request.
    /// </summary>
    public async Task<(Placement Placement, PlacementRequest? MoveRequest)> EndAsync(EndPlacementOptions options, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        var placement = await LoadAsync(options.RequestId, options.ExpectedVersion, cancellationToken);
        if (placement.Status != PlacementStatus.Started || placement.EndDate is not null)
        {
            throw new ConflictException(placement.Status == PlacementStatus.Confirmed
                ? $"The child has not arrived at {placement.Setting.Name} yet: record the arrival, or that the placement did not start"
                : $"The ending of the placement at {placement.Setting.Name} has already been recorded");
        }

        var today = UkTime.Today(time);
        var errors = new FieldErrors();
        if (options.EndDate is not { } end)
        {
            errors.Add(nameof(options.EndDate), "Enter the date the placement ends");
        }
        else if (end < placement.StartDate)
        {
            errors.Add(nameof(options.EndDate), $"The end date must be the same as or after the placement started, {UkTime.Format(placement.StartDate)}");
        }
        else if (end > today.AddYears(1))
        {
            errors.Add(nameof(options.EndDate), "The end date must be within the next year");
        }

        if (options.Planned is null)
        {
            errors.Add(nameof(options.Planned), "Select whether the ending was planned");
        }

        if (options.Reason is null)
        {
            errors.Add(nameof(options.Reason), "Select why the placement is ending");
        }
        else if (options.Reason == EndReason.ProviderNotice)
        {
            if (options.NoticeGivenOn is not { } given)
            {
                errors.Add(nameof(options.NoticeGivenOn), "Enter the date the provider gave notice");
            }
            else if (given > today)
            {
                errors.Add(nameof(options.NoticeGivenOn), "The date the provider gave notice must be today or in the past");
            }
            else if (options.EndDate is { } e && given > e)
            {
                errors.Add(nameof(options.NoticeGivenOn), "The date the provider gave notice must be on or before the end date");
            }
        }

        if (options.Reason == EndReason.Other && string.IsNullOrWhiteSpace(options.Details))
        {
            errors.Add(nameof(options.Details), "Enter why the placement is ending");
        }

        errors.MaxLength(nameof(options.Details), "the details", options.Details).ThrowIfAny();

        var now = time.GetUtcNow().UtcDateTime;
        await db.Entry(placement.Setting).Collection(s => s.Contracts).LoadAsync(cancellationToken);
        placement.EndDate = options.EndDate;
        placement.EndPlanned = options.Planned;
        placement.EndReason = options.Reason;
        placement.EndDetails = string.IsNullOrWhiteSpace(options.Details) ? null : options.Details.Trim();
        placement.EndRecordedAt = now;
        placement.EndRecordedBy = options.Actor;
        if (options.Reason == EndReason.ProviderNotice)
        {
            placement.NoticeGivenOn = options.NoticeGivenOn;
            placement.NoticePeriodDays = placement.Setting.ContractOn(placement.StartDate)?.NoticePeriodDays ?? SettingContract.DefaultNoticePeriodDays;
        }

        var endsNow = placement.EndDate <= today;
        var summary = $"Placement at {placement.Setting.Name} {(endsNow ? "ended" : "ends")} {UkTime.Format(placement.EndDate!.Value)}, {(placement.EndPlanned == true ? "planned" : "unplanned")}: {Display.EndReason(placement.EndReason!.Value)}"
            + (placement.EndDetails is null ? "" : $" ({placement.EndDetails})")
            + (placement.NoticeGivenOn is { } noticeOn ? $". Notice given {UkTime.Format(noticeOn)}; the contract asks for {placement.NoticePeriodDays} days{(placement.EndedOnShortNotice ? ", so this is short notice" : "")}" : "")
            + ".";
        db.Audit(now, options.Actor, "PlacementEndRecorded", summary, placement.PlacementRequestId, nameof(Placement), placement.Id, before: "Started", after: endsNow ? "Ended" : $"Ending {UkTime.Format(placement.EndDate.Value)}");
        if (endsNow)
        {
            await FinishAsync(placement, now, options.Actor, cancellationToken);
        }

        db.Enqueue(now, placement.Setting.Provider.ReferralEmail, providerEmails.PlacementEnding(placement.PlacementRequest, placement), placement.PlacementRequestId);
        PlacementRequest? move = null;
        if (options.Move)
        {
            move = await RaiseMoveAsync(placement, now, options.Actor, options.MoveBroker ?? options.Actor, cancellationToken);
        }

        await SaveAsync(placement, options.ExpectedVersion, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (placement, move);
    }

    /// <summary>The end date has come: the placement is over and the place is the provider's again.</summary>
    internal async Task FinishAsync(Placement placement, DateTime now, string actor, CancellationToken cancellationToken)
    {
        // The sweep has already set the status in its claim; a tracked placement keeps it either way.
        placement.Status = PlacementStatus.Ended;
        await GiveBackPlaceAsync(placement, now, actor, "the placement ended", cancellationToken);
    }

    public async Task<Placement> SetInterimAsync(SetInterimOptions options, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        var placement = await LoadAsync(options.RequestId, options.ExpectedVersion, cancellationToken);
        if (!placement.HoldsPlace || placement.EndDate is not null)
        {
            throw new ConflictException($"The placement at {placement.Setting.Name} is {Display.PlacementStatus(placement.Status).ToLowerInvariant()}, so whether it is interim can no longer change");
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (placement.IsInterim != options.IsInterim)
        {
            placement.IsInterim = options.IsInterim;
            db.Audit(now, options.Actor, options.IsInterim ? "PlacementMarkedInterim" : "PlacementNoLongerInterim",
                options.IsInterim ? $"The placement at {placement.Setting.Name} is an interim placement until the right home is found" : $"The placement at {placement.Setting.Name} is no longer interim",
                placement.PlacementRequestId, nameof(Placement), placement.Id);
            await SaveAsync(placement, options.ExpectedVersion, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return placement;
    }

    public async Task<PlacementCostChange> ChangeWeeklyCostAsync(ChangeWeeklyCostOptions options, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        var placement = await LoadAsync(options.RequestId, options.ExpectedVersion, cancellationToken);
        if (placement.Status == PlacementStatus.DidNotStart)
        {
            throw new ConflictException($"The placement at {placement.Setting.Name} did not start, so it has no cost to change");
        }

        var errors = new FieldErrors();
        if (options.EffectiveFrom is not { } from)
        {
            errors.Add(nameof(options.EffectiveFrom), "Enter the date the new weekly cost applies from");
        }
        else if (from < placement.StartDate)
        {
            errors.Add(nameof(options.EffectiveFrom), $"The date the new cost applies from must be on or after the placement started, {UkTime.Format(placement.StartDate)}");
        }
        else if (placement.EndDate is { } end && from >= end)
        {
            errors.Add(nameof(options.EffectiveFrom), $"The date the new cost applies from must be before the placement ends, {UkTime.Format(end)}");
        }

        errors.WeeklyCost(nameof(options.WeeklyCost), "the new weekly cost", options.WeeklyCost);
        if (options.Reason is null)
        {
            errors.Add(nameof(options.Reason), "Select why the weekly cost changed");
        }
        else if (options.Reason == CostChangeReason.Other && string.IsNullOrWhiteSpace(options.Details))
        {
            errors.Add(nameof(options.Details), "Enter why the weekly cost changed");
        }

        errors.MaxLength(nameof(options.Details), "the details", options.Details).ThrowIfAny();

        var now = time.GetUtcNow().UtcDateTime;
        var previous = placement.WeeklyCostOn(options.EffectiveFrom!.Value);
        var change = new PlacementCostChange
        {
            EffectiveFrom = options.EffectiveFrom.Value,
            WeeklyCost = options.WeeklyCost!.Value,
            PreviousWeeklyCost = previous,
            Reason = options.Reason!.Value,
            Details = string.IsNullOrWhiteSpace(options.Details) ? null : options.Details.Trim(),
            RecordedAt = now,
            RecordedBy = options.Actor,
        };
        placement.CostChanges.Add(change);
        db.Audit(now, options.Actor, "WeeklyCostChanged",
            $"Weekly cost at {placement.Setting.Name} from {UkTime.Format(change.EffectiveFrom)}: {Display.CostChangeReason(change.Reason)}{(change.Details is null ? "" : " (" + change.Details + ")")}",
            placement.PlacementRequestId, nameof(Placement), placement.Id, before: Display.Money(previous), after: Display.Money(change.WeeklyCost));
        await SaveAsync(placement, options.ExpectedVersion, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return change;
    }

    private async Task<PlacementRequest> RaiseMoveAsync(Placement placement, DateTime now, string actor, string broker, CancellationToken cancellationToken)
    {
        var last = placement.PlacementRequest;
        var endsAt = UkTime.ToUtc(placement.EndDate!.Value.ToDateTime(new TimeOnly(10, 0)));
        PlacementRequest move;
        try
        {
            move = await requests.CreateAsync(new CreatePlacementRequestOptions
            {
                ChildReference = last.ChildReference,
                DateOfBirth = last.DateOfBirth,
                Gender = last.Gender,
                Ethnicity = last.Ethnicity,
                LegalStatus = last.LegalStatus,
                IsSeparatedChild = last.IsSeparatedChild,
                Needs = last.Needs,
                HomeLocality = last.HomeLocality,
                HomePostcode = last.HomePostcode,
                PlacementType = last.PlacementType,
                AlsoSuitableTypes = last.AlsoSuitableTypes,
                NoticeReceivedAt = now,
                RequiredFrom = endsAt > now ? endsAt : now,
                WeeklyBudget = last.WeeklyBudget,
                MaxDistanceMiles = last.MaxDistanceMiles,
                Summary = $"Move from {placement.Setting.Name}: {Display.EndReason(placement.EndReason!.Value).ToLowerInvariant()}.",
                Team = last.Team,
                CreatedBy = broker,
            }, cancellationToken);
        }
        catch (ValidationFailedException ex)
        {
            throw ValidationFailedException.For(nameof(EndPlacementOptions.Move), "The next request cannot be raised: " + ex.Errors[0].Message.ToLowerInvariant());
        }

        move.ReplacesPlacementId = placement.Id;
        placement.MoveRequestId = move.Id;
        db.Audit(now, actor, "MoveRequested", $"Request {move.Reference} raised for the child's move from {placement.Setting.Name}", last.Id, nameof(PlacementRequest), move.Id);
        db.Audit(now, actor, "MoveRequested", $"Raised for the child's move from {placement.Setting.Name} (request {last.Reference}); filled in from that request", move.Id, nameof(Placement), placement.Id);
        return move;
    }

    private async Task GiveBackPlaceAsync(Placement placement, DateTime now, string actor, string why, CancellationToken cancellationToken)
    {
        // One statement, so a commissioner's correction read before it finds the count changed and is refused.
        var setting = placement.Setting;
        var before = await db.Settings.Where(s => s.Id == setting.Id).Select(s => s.PlacesFilled).SingleAsync(cancellationToken);
        if (await db.Settings.Where(s => s.Id == setting.Id && s.PlacesFilled > 0).ExecuteUpdateAsync(u => u.SetProperty(s => s.PlacesFilled, s => s.PlacesFilled - 1), cancellationToken) > 0)
        {
            db.Audit(now, actor, "PlacesFilled", $"A place at {setting.Name} given back: {why} (request {placement.PlacementRequest.Reference})", entityType: nameof(Setting), entityId: setting.Id,
                before: $"{before} of {setting.Places} filled", after: $"{before - 1} of {setting.Places} filled");
        }
    }

    private async Task<Placement> LoadAsync(int requestId, int expectedVersion, CancellationToken cancellationToken)
    {
        var placement = await db.Placements
            .Include(p => p.PlacementRequest)
            .Include(p => p.Setting).ThenInclude(s => s.Provider)
            .Include(p => p.Offer).ThenInclude(o => o.Referral)
            .Include(p => p.CostChanges)
            .AsSplitQuery()
            .Where(p => p.PlacementRequestId == requestId && p.Status != PlacementStatus.DidNotStart)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("This request has no placement");
        if (placement.Version != expectedVersion)
        {
            throw new ConflictException("This placement has changed since you opened the page. Check it again before you change it");
        }

        return placement;
    }

    private async Task SaveAsync(Placement placement, int expectedVersion, CancellationToken cancellationToken)
    {
        // The database checks the version the broker saw: of two brokers ending the same placement, one wins.
        db.Entry(placement).Property(p => p.Version).OriginalValue = expectedVersion;
        placement.Version = expectedVersion + 1;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("Another broker changed this placement at the same moment. Check it again before you change it");
        }
    }
}
