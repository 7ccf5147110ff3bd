namespace Brokerage.Core.Notifications;

/// <summary>
/// One message's subject and body, written together in the area's emails class
/// (<see cref="ProviderEmails"/> and the like), so each message has one wording wherever it is sent from.
/// </summary>
public sealed record Email(string Subject, string Body);
