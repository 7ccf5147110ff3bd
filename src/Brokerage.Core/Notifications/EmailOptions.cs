namespace Brokerage.Core.Notifications;

public sealed class EmailOptions
{
    public const string Section = "Email";

    public string From { get; set; } = "brokerage@ambershire.example";

    /// <summary>Where the embedded default writes .eml files, relative to the content root.</summary>
    public string PickupDirectory { get; set; } = "data/mail";

    /// <summary>Base address used in links inside emails.</summary>
    public string BaseUrl { get; set; } = "http://localhost:5080";

    public int MaxAttempts { get; set; } = 8;

    /// <summary>
    /// How long a message claimed for delivery stays claimed. Longer than any one SMTP conversation
    /// can take (MailKit times out after 2 minutes), so two nodes never send it at once; after a
    /// crash, the message is sent again once the claim runs out.
    /// </summary>
    public int DeliveryLeaseSeconds { get; set; } = 900;

    /// <summary>Told when a search reaches its escalate-at without an offer.</summary>
    public string TeamManagerEmail { get; set; } = "placements.manager@ambershire.example";

    /// <summary>The assistant directors' shared mailbox: told of every approval request and review due.</summary>
    public string AssistantDirectorsEmail { get; set; } = "assistant.directors@ambershire.example";

    /// <summary>Told when a review of an unregulated placement is overdue.</summary>
    public string DirectorEmail { get; set; } = "director.childrens.services@ambershire.example";

    /// <summary>Real SMTP delivery through MailKit when a host is set; otherwise .eml files in the pickup folder.</summary>
    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public bool UseStartTls { get; set; } = true;
    public string? UserName { get; set; }
    public string? Password { get; set; }
}
