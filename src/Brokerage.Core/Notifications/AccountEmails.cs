using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Microsoft.Extensions.Options;

namespace Brokerage.Core.Notifications;

/// <summary>Email about people's accounts: the invitation that lets someone set their password.</summary>
public sealed class AccountEmails(BrokerageLinks links, IOptions<CouncilOptions> council)
{
    public Email Invitation(string name, string invitedBy, string? organisation, string token, DateTime expiresAt)
    {
        var c = council.Value;
        return new Email(
            $"Set your password for {c.ServiceName}",
            $"""
            Dear {name},

            {invitedBy} has given you an account on {c.ServiceName}, {c.Name}'s service for finding homes for children in care{(organisation is null ? "" : ", for " + organisation)}.

            Set your password here before {UkTime.Format(expiresAt)}, when this link stops working:
            {links.Absolute(links.Invitation(token))}

            Then sign in with this email address and your new password. If you were not expecting this email, you can ignore it: nobody can use the account until a password is set.

            {c.SignOff}
            """);
    }
}
