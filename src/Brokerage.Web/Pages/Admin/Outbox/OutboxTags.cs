using Brokerage.Core.Domain;

namespace Brokerage.Web.Pages.Admin.Outbox;

/// <summary>Outbox status tags, shared by the list and the message page so a state looks the same on both.</summary>
public static class OutboxTags
{
    public static string Status(OutboxStatus status) => status switch
    {
        OutboxStatus.Sent => "govuk-tag govuk-tag--green",
        OutboxStatus.Failed => "govuk-tag govuk-tag--red",
        _ => "govuk-tag govuk-tag--yellow",
    };

    public static string StatusText(OutboxStatus status) => status switch
    {
        OutboxStatus.Sent => "Sent",
        OutboxStatus.Failed => "Failed",
        _ => "Pending",
    };
}
