namespace Brokerage.Core.Notifications;

/// <summary>
/// The Email section of appsettings.json. The addresses are the council's own and have no
/// defaults here: start-up refuses a copy that leaves one out.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public string From { get; set; } = "";

    /// <summary>Where the embedded default writes .eml files, relative to the content root.</summary>
    public string PickupDirectory { get; set; } = "data/mail";

    /// <summary>Base address used in links inside emails.</summary>
    public string BaseUrl { get; set; } = "http://localhost:5080";

    public int MaxAttempts { get; set; } = 8;

    /// <summary>
    /// How long a message claimed for delivery stays claimed. Longer than any one SMTP conversation
    /// can take (<see cref="SmtpOptions.TimeoutSeconds"/>), so two nodes never send it at once;
    /// after a crash, the message is sent again once the claim runs out.
    /// </summary>
    public int DeliveryLeaseSeconds { get; set; } = 900;

    /// <summary>/health reports Degraded when the oldest email still waiting was queued longer ago than this.</summary>
    public int HealthOldestWaitingMinutes { get; set; } = 15;

    /// <summary>/health reports Degraded when more emails than this are waiting to be sent.</summary>
    public int HealthBacklog { get; set; } = 500;

    /// <summary>Told when a search reaches its escalate-at without an offer.</summary>
    public string TeamManagerEmail { get; set; } = "";

    /// <summary>The assistant directors' shared mailbox: told of every approval request and review due.</summary>
    public string AssistantDirectorsEmail { get; set; } = "";

    /// <summary>Told when a review of an unregulated placement is overdue.</summary>
    public string DirectorEmail { get; set; } = "";

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

    /// <summary>
    /// The longest one message's conversation with the server may take, connecting included. A
    /// server that accepts the connection and never answers costs this long, once per delivery run.
    /// </summary>
    public int TimeoutSeconds { get; set; } = 30;
}
