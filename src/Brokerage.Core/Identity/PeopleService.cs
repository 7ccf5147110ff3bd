using Brokerage.Core.Auditing;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Market;
using Brokerage.Core.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Identity;

/// <summary>A new person: council staff with one or more council roles, or a provider's member of staff.</summary>
public sealed record InviteUserOptions
{
    public string? Email { get; init; }
    public string? DisplayName { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>For provider staff: their organisation.</summary>
    public int? ProviderId { get; init; }
}

/// <summary>Who manages accounts: an admin (any account), or a provider's own admin (<see cref="ProviderId"/>: their colleagues only).</summary>
public sealed record PeopleActor(string Name, string UserId, int? ProviderId = null);

/// <summary>
/// People's accounts over time: admins add council staff and provider staff with one or more roles,
/// change roles, deactivate and reactivate; a provider's own admin invites and removes colleagues.
/// A new person sets their password from an invitation link that expires. Every change is audited
/// against the user's id, and anything that takes access away ends their sessions at once.
/// </summary>
public sealed class PeopleService(UserManager<ApplicationUser> users, BrokerageDbContext db, AccountEmails emails, TimeProvider time)
{
    /// <summary>How long an invitation link works.</summary>
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    public async Task<FieldErrors> CheckInviteAsync(InviteUserOptions options, PeopleActor actor, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors()
            .Required(nameof(options.DisplayName), "their name", options.DisplayName)
            .MaxLength(nameof(options.DisplayName), "their name", options.DisplayName, FieldRules.NameMaxLength);
        if (string.IsNullOrWhiteSpace(options.Email))
        {
            errors.Add(nameof(options.Email), FieldRules.Required("their email address"));
        }
        else if (!DirectoryRules.IsEmail(options.Email))
        {
            errors.Add(nameof(options.Email), "Enter an email address in the correct format, like name@example.org.uk");
        }
        else if (await users.FindByEmailAsync(options.Email.Trim()) is not null)
        {
            errors.Add(nameof(options.Email), "Someone already has an account with this email address");
        }

        await CheckRolesAsync(errors, options.Roles, ScopedProvider(options.ProviderId, actor), actor, newAccount: true, cancellationToken);
        return errors;
    }

    public async Task<ApplicationUser> InviteAsync(InviteUserOptions options, PeopleActor actor, CancellationToken cancellationToken = default)
    {
        (await CheckInviteAsync(options, actor, cancellationToken)).ThrowIfAny();
        var providerId = ScopedProvider(options.ProviderId, actor);
        var email = options.Email!.Trim();
        var user = new ApplicationUser { UserName = email, Email = email, DisplayName = options.DisplayName!.Trim(), ProviderId = providerId };
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        (await users.CreateAsync(user)).ThrowIfRefused();
        (await users.AddToRolesAsync(user, options.Roles.Distinct())).ThrowIfRefused();
        var organisation = providerId is { } id ? await db.Providers.Where(p => p.Id == id).Select(p => p.Name).SingleAsync(cancellationToken) : null;
        await SendInvitationAsync(user, actor, organisation, cancellationToken);
        db.Audit(Now, actor.Name, "UserInvited", $"Added user {user.Id}{(organisation is null ? "" : " for " + organisation)} and sent them an invitation", after: RolesText(options.Roles));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return user;
    }

    /// <summary>
    /// A new council's way in: while no admin can sign in, the person named in configuration is
    /// invited as admin, by an emailed link like anyone else. Their link is sent again when it has
    /// expired unused, so restarting the app is how a lost one is replaced.
    /// </summary>
    /// <returns>Whether an invitation was sent.</returns>
    public async Task<bool> InviteFirstAdminAsync(string email, string name, CancellationToken cancellationToken = default)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        if (admins.Any(a => a.IsActive && a.PasswordHash is not null))
        {
            return false;
        }

        var actor = new PeopleActor(FirstAdminActor, FirstAdminActor);
        if (await users.FindByEmailAsync(email.Trim()) is not { } invited)
        {
            await InviteAsync(new InviteUserOptions { DisplayName = name, Email = email, Roles = [Roles.Admin] }, actor, cancellationToken);
            return true;
        }

        // An account someone deactivated stays deactivated: configuration does not undo an admin's decision.
        if (invited.PasswordHash is not null || !invited.IsActive || !admins.Any(a => a.Id == invited.Id)
            || await db.UserInvitations.AnyAsync(i => i.UserId == invited.Id && i.AcceptedAt == null && i.ExpiresAt > Now, cancellationToken))
        {
            return false;
        }

        await SendInvitationAgainAsync(invited.Id, actor, cancellationToken);
        return true;
    }

    /// <summary>Who the audit trail says invited the first admin.</summary>
    public const string FirstAdminActor = "Brokerage:FirstAdmin configuration";

    /// <summary>A new link for someone whose invitation expired or went astray; earlier links stop working.</summary>
    public async Task SendInvitationAgainAsync(string userId, PeopleActor actor, CancellationToken cancellationToken = default)
    {
        var user = await ManagedUserAsync(userId, actor);
        if (!user.IsActive)
        {
            throw new ConflictException("Their account is deactivated. Reactivate it first if they still need it");
        }

        if (await users.HasPasswordAsync(user))
        {
            throw new ConflictException("They have already set a password, so there is no invitation to send");
        }

        var organisation = user.ProviderId is { } id ? await db.Providers.Where(p => p.Id == id).Select(p => p.Name).SingleAsync(cancellationToken) : null;
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        await SendInvitationAsync(user, actor, organisation, cancellationToken);
        db.Audit(Now, actor.Name, "InvitationSentAgain", $"Sent user {user.Id} a new invitation; earlier links no longer work");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task ChangeRolesAsync(string userId, IReadOnlyList<string> roles, PeopleActor actor, CancellationToken cancellationToken = default)
    {
        var user = await ManagedUserAsync(userId, actor);
        var errors = new FieldErrors();
        await CheckRolesAsync(errors, roles, user.ProviderId, actor, newAccount: false, cancellationToken);
        if (user.Id == actor.UserId && !roles.Contains(actor.ProviderId is null ? Roles.Admin : Roles.ProviderAdmin))
        {
            errors.Add("Roles", "You cannot take away your own admin role: ask another admin");
        }

        errors.ThrowIfAny();
        var before = await users.GetRolesAsync(user);
        if (before.Order().SequenceEqual(roles.Distinct().Order()))
        {
            return;
        }

        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        (await users.RemoveFromRolesAsync(user, before.Except(roles))).ThrowIfRefused();
        (await users.AddToRolesAsync(user, roles.Distinct().Except(before))).ThrowIfRefused();
        // Roles travel in the sign-in cookie: a new stamp makes them sign in again with the new ones.
        (await users.UpdateSecurityStampAsync(user)).ThrowIfRefused();
        db.Audit(Now, actor.Name, "RolesChanged", $"Changed the roles of user {user.Id}; their sessions end, and they sign in again with the new roles", before: RolesText(before), after: RolesText(roles));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Takes the account out of use: they cannot sign in, and every session they have ends at its next request.</summary>
    public async Task DeactivateAsync(string userId, PeopleActor actor, CancellationToken cancellationToken = default)
    {
        var user = await ManagedUserAsync(userId, actor);
        if (user.Id == actor.UserId)
        {
            throw new ForbiddenException("You cannot deactivate your own account");
        }

        if (!user.IsActive)
        {
            throw new ConflictException("This account is already deactivated");
        }

        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        user.DeactivatedAt = Now;
        (await users.UpdateAsync(user)).ThrowIfRefused();
        (await users.UpdateSecurityStampAsync(user)).ThrowIfRefused();
        await db.UserInvitations.Where(i => i.UserId == user.Id && i.AcceptedAt == null).ExecuteDeleteAsync(cancellationToken);
        db.Audit(Now, actor.Name, "UserDeactivated", $"Deactivated user {user.Id}: they can no longer sign in and their sessions end", before: "Active", after: "Deactivated");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task ReactivateAsync(string userId, PeopleActor actor, CancellationToken cancellationToken = default)
    {
        var user = await ManagedUserAsync(userId, actor);
        if (user.IsActive)
        {
            throw new ConflictException("This account is already active");
        }

        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        user.DeactivatedAt = null;
        (await users.UpdateAsync(user)).ThrowIfRefused();
        db.Audit(Now, actor.Name, "UserReactivated", $"Reactivated user {user.Id}", before: "Deactivated", after: "Active");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The person an invitation link is for, while it works; null for a link that is wrong, used or expired.</summary>
    public async Task<ApplicationUser?> FindInvitedAsync(string token, CancellationToken cancellationToken = default)
    {
        var hash = Secrets.Hash(token);
        var invitation = await db.UserInvitations.AsNoTracking().FirstOrDefaultAsync(i => i.TokenHash == hash && i.AcceptedAt == null, cancellationToken);
        if (invitation is null || invitation.ExpiresAt <= Now)
        {
            return null;
        }

        var user = await users.FindByIdAsync(invitation.UserId);
        return user is { IsActive: true } ? user : null;
    }

    /// <summary>Sets the invited person's password, once; the link then stops working.</summary>
    public async Task<ApplicationUser> AcceptInvitationAsync(string token, string? password, string? confirmation, CancellationToken cancellationToken = default)
    {
        var user = await FindInvitedAsync(token, cancellationToken)
            ?? throw new NotFoundException("This link has expired or has already been used");
        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(password))
        {
            errors.Add("Password", "Enter a password");
        }
        else
        {
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, user, password);
                foreach (var error in result.Errors)
                {
                    errors.Add("Password", error.Description);
                }
            }

            if (password != confirmation)
            {
                errors.Add("Confirmation", "The passwords do not match");
            }
        }

        errors.ThrowIfAny();
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        var claimed = await db.UserInvitations.Where(i => i.TokenHash == Secrets.Hash(token) && i.AcceptedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.AcceptedAt, Now), cancellationToken);
        if (claimed == 0)
        {
            throw new NotFoundException("This link has expired or has already been used");
        }

        (await users.AddPasswordAsync(user, password!)).ThrowIfRefused();
        user.EmailConfirmed = true;
        (await users.UpdateAsync(user)).ThrowIfRefused();
        db.Audit(Now, user.Email ?? user.Id, "InvitationAccepted", $"User {user.Id} set their password from their invitation");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return user;
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>A provider's admin always acts for their own organisation.</summary>
    private static int? ScopedProvider(int? providerId, PeopleActor actor) => actor.ProviderId ?? providerId;

    /// <param name="newAccount">Whether the provider can still be chosen; an account's organisation is fixed once it exists.</param>
    private async Task CheckRolesAsync(FieldErrors errors, IReadOnlyList<string> roles, int? providerId, PeopleActor actor, bool newAccount, CancellationToken cancellationToken)
    {
        var providerRoles = new[] { Roles.Provider, Roles.ProviderAdmin };
        if (roles.Count == 0)
        {
            errors.Add("Roles", "Select at least one role");
        }
        else if (roles.Any(r => !Roles.All.Contains(r)))
        {
            errors.Add("Roles", $"Roles must be from: {string.Join(", ", Roles.All)}");
        }
        else if (providerId is null)
        {
            if (roles.Any(providerRoles.Contains))
            {
                errors.Add(newAccount ? "ProviderId" : "Roles", newAccount
                    ? "Select the provider this person works for"
                    : "Provider roles are for a provider's staff. Add an account for them under their provider instead");
            }
        }
        else if (roles.Any(r => !providerRoles.Contains(r)) || !roles.Contains(Roles.Provider))
        {
            errors.Add("Roles", "A provider's member of staff has the Provider role, and may also be its admin; council roles are for council staff");
        }

        if (actor.ProviderId is not null && roles.Any(r => !providerRoles.Contains(r)))
        {
            throw new ForbiddenException("A provider's admin can give only provider roles");
        }

        if (providerId is { } id && !await db.Providers.AnyAsync(p => p.Id == id, cancellationToken))
        {
            errors.Add("ProviderId", "Select a provider from the directory");
        }
    }

    /// <summary>The user, when the actor may manage them: an admin anyone, a provider's admin only their colleagues ("not found" otherwise).</summary>
    private async Task<ApplicationUser> ManagedUserAsync(string userId, PeopleActor actor)
    {
        var user = await users.FindByIdAsync(userId);
        return user is null || (actor.ProviderId is { } providerId && user.ProviderId != providerId)
            ? throw new NotFoundException("User not found")
            : user;
    }

    private async Task SendInvitationAsync(ApplicationUser user, PeopleActor actor, string? organisation, CancellationToken cancellationToken)
    {
        await db.UserInvitations.Where(i => i.UserId == user.Id && i.AcceptedAt == null).ExecuteDeleteAsync(cancellationToken);
        var token = Secrets.NewToken();
        var invitation = new UserInvitation { UserId = user.Id, TokenHash = Secrets.Hash(token), SentAt = Now, ExpiresAt = Now + InvitationLifetime, InvitedBy = actor.Name };
        db.UserInvitations.Add(invitation);
        db.Enqueue(Now, user.Email!, emails.Invitation(user.DisplayName, actor.Name, organisation, token, invitation.ExpiresAt));
    }

    private static string RolesText(IEnumerable<string> roles) => string.Join(", ", roles.Distinct().Order(StringComparer.Ordinal).Select(Display.Sentence));

}
