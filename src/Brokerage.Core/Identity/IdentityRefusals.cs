using Brokerage.Core.Common;
using Microsoft.AspNetCore.Identity;

namespace Brokerage.Core.Identity;

/// <summary>
/// Identity's refusals in the product's terms, so that none reaches a person as an error page: an
/// address it will not take is the email field's error, a change racing another a conflict.
/// Anything else is a fault in the app and is thrown as one.
/// </summary>
public static class IdentityRefusals
{
    public const string EmailField = "Email";

    public static void ThrowIfRefused(this IdentityResult result)
    {
        if (result.Succeeded)
        {
            return;
        }

        var codes = result.Errors.Select(e => e.Code).ToList();
        // Two admins changing the same person's roles at once: one finds a role already given or taken away.
        if (codes.Any(c => c is nameof(IdentityErrorDescriber.ConcurrencyFailure) or nameof(IdentityErrorDescriber.UserAlreadyInRole) or nameof(IdentityErrorDescriber.UserNotInRole)))
        {
            throw new ConflictException("Someone else changed this account at the same time. Check it and try again");
        }

        if (codes.Any(c => c is nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.DuplicateEmail)))
        {
            throw ValidationFailedException.For(EmailField, "Someone already has an account with this email address");
        }

        if (codes.Any(c => c is nameof(IdentityErrorDescriber.InvalidUserName) or nameof(IdentityErrorDescriber.InvalidEmail)))
        {
            throw ValidationFailedException.For(EmailField, "Enter an email address in the correct format, like name@example.org.uk");
        }

        throw new InvalidOperationException("Identity refused a change to a user: " + string.Join("; ", codes));
    }
}
