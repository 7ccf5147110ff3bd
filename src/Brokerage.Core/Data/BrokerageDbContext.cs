using System.Text.Json;
using Brokerage.Core.Domain;
using Brokerage.Core.Identity;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Brokerage.Core.Data;

/// <summary>
/// The one model, on SQLite (this class, the embedded default) or PostgreSQL
/// (<see cref="PostgresBrokerageDbContext"/>, which carries its own migrations).
/// </summary>
public class BrokerageDbContext : IdentityDbContext<ApplicationUser>, IDataProtectionKeyContext
{
    public BrokerageDbContext(DbContextOptions<BrokerageDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's own context type, so that each keeps its own migrations.</summary>
    protected BrokerageDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>The keys that protect cookies and anti-forgery tokens, shared by every web node.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Provider> Providers => Set<Provider>();
    public DbSet<Setting> Settings => Set<Setting>();
    public DbSet<SettingContract> SettingContracts => Set<SettingContract>();
    public DbSet<FrameworkLot> FrameworkLots => Set<FrameworkLot>();
    public DbSet<PlaceUnavailability> PlaceUnavailabilities => Set<PlaceUnavailability>();
    public DbSet<UserInvitation> UserInvitations => Set<UserInvitation>();
    public DbSet<PlacementRequest> PlacementRequests => Set<PlacementRequest>();
    public DbSet<MatchingRun> MatchingRuns => Set<MatchingRun>();
    public DbSet<MatchCandidate> MatchCandidates => Set<MatchCandidate>();
    public DbSet<Referral> Referrals => Set<Referral>();
    public DbSet<Offer> Offers => Set<Offer>();
    public DbSet<Placement> Placements => Set<Placement>();
    public DbSet<PlacementCostChange> PlacementCostChanges => Set<PlacementCostChange>();
    public DbSet<StepOutAlert> StepOutAlerts => Set<StepOutAlert>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<ApiClient> ApiClients => Set<ApiClient>();
    public DbSet<ApprovalRequest> ApprovalRequests => Set<ApprovalRequest>();
    public DbSet<DecisionRecord> DecisionRecords => Set<DecisionRecord>();
    public DbSet<ApprovalReview> ApprovalReviews => Set<ApprovalReview>();
    public DbSet<Vacancy> Vacancies => Set<Vacancy>();
    public DbSet<VacancyMatch> VacancyMatches => Set<VacancyMatch>();
    public DbSet<SchemeAuthority> SchemeAuthorities => Set<SchemeAuthority>();
    public DbSet<SchemeState> SchemeStates => Set<SchemeState>();
    public DbSet<RotaOffer> RotaOffers => Set<RotaOffer>();
    public DbSet<AllocationDataset> AllocationDatasets => Set<AllocationDataset>();
    public DbSet<SweepRun> SweepRuns => Set<SweepRun>();

    public DbSet<SignInFailure> SignInFailures => Set<SignInFailure>();

    /// <summary>
    /// Makes write transactions that claim work (deadline sweeps, sending referrals) run one at
    /// a time across every node. SQLite does this already: its transactions begin IMMEDIATE.
    /// </summary>
    protected internal virtual Task SerialiseWritersAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// SQLite's julianday() (defined as a function on PostgreSQL by its first migration): an instant as fractional days, so that the reports can subtract
    /// two instants in the database. Only for use inside queries.
    /// </summary>
    public static double JulianDay(DateTime instant) => throw new InvalidOperationException($"{nameof(JulianDay)} runs only inside a database query.");

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseAuditChanges();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseAuditChanges();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// The audit trail is append-only and an issued decision record never changes: nothing in the
    /// application may change or remove either.
    /// </summary>
    private void RefuseAuditChanges()
    {
        if (ChangeTracker.Entries<AuditEvent>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("Audit events are append-only and cannot be changed or deleted.");
        }

        if (ChangeTracker.Entries<DecisionRecord>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("An issued decision record cannot be changed or deleted; a review issues a new version.");
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as text keep the database readable for the people who will query it by hand.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
        // Every instant is stored as UTC; SQLite forgets the kind, so it is restored on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<decimal>().HavePrecision(12, 2);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasDbFunction(typeof(BrokerageDbContext).GetMethod(nameof(JulianDay))!).HasName("julianday").IsBuiltIn();

        builder.Entity<StepOutAlert>(e =>
        {
            // Each option is found, and the broker told, once per placement.
            e.HasIndex(a => new { a.PlacementId, a.SettingId }).IsUnique();
            e.Property(a => a.WatchReasons).HasConversion<int>();
            e.Property(a => a.WhyItFits).HasMaxLength(2000);
            e.HasOne(a => a.Setting).WithMany().HasForeignKey(a => a.SettingId);
            e.HasOne(a => a.Placement).WithMany().HasForeignKey(a => a.PlacementId);
        });

        builder.Entity<SweepRun>(e =>
        {
            e.HasKey(r => r.Name);
            e.Property(r => r.Name).HasMaxLength(64);
        });

        builder.Entity<SignInFailure>(e =>
        {
            e.Property(f => f.AccountKey).HasMaxLength(64);
            e.Property(f => f.AddressKey).HasMaxLength(64);
            e.HasIndex(f => new { f.AccountKey, f.FailedAt });
            e.HasIndex(f => f.FailedAt);
        });

        builder.Entity<Provider>(e =>
        {
            e.Property(p => p.Name).HasMaxLength(200);
            e.HasMany(p => p.Settings).WithOne(s => s.Provider).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Setting>(e =>
        {
            e.Ignore(s => s.IsRegulated);
            e.Property(s => s.Name).HasMaxLength(200);
            e.Property(s => s.OfstedUrn).HasMaxLength(20);
            e.Property(s => s.CqcLocationId).HasMaxLength(20);
            e.Property(s => s.Postcode).HasMaxLength(10);
            e.Property(s => s.Specialisms).HasConversion<int>();
            // Two acceptances racing for the last place: the second's save finds the count changed.
            e.Property(s => s.PlacesFilled).IsConcurrencyToken();
            e.HasIndex(s => s.ProviderId);
            e.HasIndex(s => s.OfstedUrn);
            e.HasIndex(s => s.CqcLocationId);
            e.HasMany(s => s.Contracts).WithOne(c => c.Setting).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(s => s.Unavailability).WithOne(u => u.Setting).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<SettingContract>(e =>
        {
            e.HasIndex(c => c.SettingId);
            e.HasOne(c => c.Lot).WithMany().HasForeignKey(c => c.FrameworkLotId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<FrameworkLot>(e =>
        {
            e.Property(l => l.Framework).HasMaxLength(200);
            e.Property(l => l.Name).HasMaxLength(200);
            e.HasIndex(l => new { l.Framework, l.Name }).IsUnique();
        });

        builder.Entity<PlaceUnavailability>(e => e.HasIndex(u => new { u.SettingId, u.Until }));

        builder.Entity<UserInvitation>(e =>
        {
            e.Property(i => i.TokenHash).HasMaxLength(64);
            e.HasIndex(i => i.TokenHash).IsUnique();
            e.HasIndex(i => i.UserId);
        });

        builder.Entity<ApplicationUser>(e => e.Ignore(u => u.IsActive));

        builder.Entity<PlacementRequest>(e =>
        {
            // The reports group requests by when notice came in, and by team.
            e.HasIndex(r => r.NoticeReceivedAt);
            e.Property(r => r.Team).HasMaxLength(80);
            e.HasIndex(r => r.Reference).IsUnique();
            e.HasIndex(r => new { r.Status, r.EscalateAt });
            e.Property(r => r.Needs).HasConversion<int>();
            // A set of flags, like the needs.
            e.Property(r => r.AlsoSuitableTypes).HasConversion<int>().HasDefaultValue(PlacementTypes.None);
            e.Property(r => r.Version).IsConcurrencyToken();
            e.Ignore(r => r.Placement);
            e.HasMany(r => r.Placements).WithOne(p => p.PlacementRequest).HasForeignKey(p => p.PlacementRequestId);
            e.HasIndex(r => r.ReplacesPlacementId);
            e.HasIndex(r => r.ChildReference);
        });

        builder.Entity<MatchingRun>(e =>
        {
            e.HasMany(r => r.Candidates).WithOne(c => c.MatchingRun).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => r.PlacementRequestId);
        });

        builder.Entity<MatchCandidate>(e =>
        {
            e.Property(c => c.ScoreLines).HasConversion(new JsonListConverter<ScoreLine>(), new JsonListComparer<ScoreLine>());
            e.Property(c => c.Findings).HasConversion(new JsonListConverter<RuleFinding>(), new JsonListComparer<RuleFinding>());
            e.HasOne(c => c.Setting).WithMany().OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Referral>(e =>
        {
            // A provider's answer and a broker's acceptance must not overwrite each other.
            e.Property(r => r.Status).IsConcurrencyToken();
            e.HasIndex(r => new { r.ProviderId, r.Status });
            // The deadline sweeps look only at unanswered referrals, by each deadline.
            e.HasIndex(r => new { r.Status, r.RespondBy });
            // The provider report counts referrals sent in a period...
            e.HasIndex(r => r.SentAt);
            // ...and reads every column it counts from this index alone, already in provider order,
            // so that three years of referrals are grouped without touching the table or sorting.
            e.HasIndex(r => new { r.Origin, r.ProviderId, r.DeclineReason, r.SentAt, r.RespondedAt, r.RespondBy });
            e.HasIndex(r => new { r.Status, r.FirstChaseAt });
            e.HasIndex(r => new { r.Status, r.SecondChaseAt });
            e.HasIndex(r => new { r.PlacementRequestId, r.SettingId }).IsUnique();
            e.HasOne(r => r.Setting).WithMany().OnDelete(DeleteBehavior.Restrict);
            e.HasOne(r => r.MatchCandidate).WithMany().OnDelete(DeleteBehavior.SetNull);
            e.HasOne(r => r.Offer).WithOne(o => o.Referral).HasForeignKey<Offer>(o => o.ReferralId);
        });

        builder.Entity<Placement>(e =>
        {
            e.HasIndex(p => p.ConfirmedAt);
            // One placement stands per request; one the child never arrived at makes way for the next.
            e.HasIndex(p => p.PlacementRequestId).IsUnique().HasFilter("\"Status\" <> 'DidNotStart'");
            e.Property(p => p.Version).IsConcurrencyToken();
            e.HasMany(p => p.CostChanges).WithOne(c => c.Placement).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(p => p.Setting).WithMany().OnDelete(DeleteBehavior.Restrict);
            e.HasOne(p => p.Offer).WithMany().OnDelete(DeleteBehavior.Restrict);
            e.HasOne(p => p.ApprovalRequest).WithMany().OnDelete(DeleteBehavior.Restrict);
            e.Ignore(p => p.SocialCareContribution);
            e.Ignore(p => p.HoldsPlace);
            e.Ignore(p => p.EndedOnShortNotice);
        });

        builder.Entity<OutboxMessage>(e => e.HasIndex(m => new { m.Status, m.NextAttemptAt }));
        builder.Entity<Offer>(e =>
        {
            // Accepting an offer fails cleanly if its hold lapsed in the meantime.
            e.Property(o => o.Status).IsConcurrencyToken();
            e.HasIndex(o => new { o.Status, o.HeldUntil });
        });
        builder.Entity<AuditEvent>(e =>
        {
            e.HasIndex(a => a.PlacementRequestId);
            e.HasIndex(a => a.OccurredAt);
            // A directory record's history.
            e.HasIndex(a => new { a.EntityType, a.EntityId });
        });
        builder.Entity<ApiClient>(e => e.HasIndex(c => c.KeyHash).IsUnique());
        builder.Entity<ApprovalRequest>(e =>
        {
            e.HasIndex(a => a.Reference).IsUnique();
            e.HasIndex(a => a.PlacementRequestId);
            e.HasIndex(a => new { a.Status, a.ReviewReminderAt });
            e.HasIndex(a => new { a.Status, a.ReviewOverdueAt });
            e.Property(a => a.Version).IsConcurrencyToken();
            e.Property(a => a.QualityChecks).HasConversion<int>();
            e.Property(a => a.Risks).HasConversion(new JsonListConverter<RiskItem>(), new JsonListComparer<RiskItem>());
            e.Property(a => a.SearchEvidence).HasConversion(new JsonListConverter<SearchEvidenceItem>(), new JsonListComparer<SearchEvidenceItem>());
            e.HasOne(a => a.PlacementRequest).WithMany().OnDelete(DeleteBehavior.Restrict);
            e.HasOne(a => a.Referral).WithMany().OnDelete(DeleteBehavior.Restrict);
            e.HasOne(a => a.Setting).WithMany().OnDelete(DeleteBehavior.Restrict);
            e.HasMany(a => a.Records).WithOne(r => r.ApprovalRequest).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(a => a.Reviews).WithOne(r => r.ApprovalRequest).OnDelete(DeleteBehavior.Restrict);
            e.Ignore(a => a.IsApproved);
        });
        builder.Entity<Vacancy>(e =>
        {
            e.HasIndex(v => new { v.ProviderId, v.Status });
            e.HasIndex(v => new { v.Status, v.HeldUntil });
            e.Property(v => v.CanMeet).HasConversion<int>();
            e.Property(v => v.Version).IsConcurrencyToken();
            e.HasOne(v => v.Setting).WithMany().OnDelete(DeleteBehavior.Restrict);
            e.HasOne(v => v.Provider).WithMany().OnDelete(DeleteBehavior.Restrict);
            e.HasMany(v => v.Matches).WithOne(m => m.Vacancy).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(v => v.RotaOffers).WithOne(o => o.Vacancy).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<VacancyMatch>(e =>
        {
            e.Property(m => m.ScoreLines).HasConversion(new JsonListConverter<ScoreLine>(), new JsonListComparer<ScoreLine>());
            e.Property(m => m.Findings).HasConversion(new JsonListConverter<RuleFinding>(), new JsonListComparer<RuleFinding>());
            e.HasOne(m => m.PlacementRequest).WithMany().OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<SchemeAuthority>(e => e.HasIndex(a => a.Code).IsUnique());
        builder.Entity<AllocationDataset>(e => e.HasIndex(d => d.Model));
        builder.Entity<RotaOffer>(e =>
        {
            // An answer and the deadline sweep must not overwrite each other.
            e.Property(o => o.Status).IsConcurrencyToken();
            e.HasIndex(o => o.TokenHash).IsUnique();
            e.HasIndex(o => new { o.Status, o.RespondBy });
            e.HasIndex(o => new { o.Status, o.ProfileConfirmBy });
            e.HasOne(o => o.SchemeAuthority).WithMany().OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<DecisionRecord>(e =>
        {
            e.HasIndex(r => r.DocumentReference).IsUnique();
            e.HasIndex(r => new { r.ApprovalRequestId, r.Version }).IsUnique();
        });
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class JsonListConverter<T>() : ValueConverter<List<T>, string>(
        v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
        v => JsonSerializer.Deserialize<List<T>>(v, JsonSerializerOptions.Default) ?? new List<T>());

    private sealed class JsonListComparer<T>() : ValueComparer<List<T>>(
        (a, b) => a!.SequenceEqual(b!),
        v => v.Aggregate(0, (hash, item) => HashCode.Combine(hash, item)),
        v => v.ToList());
}
