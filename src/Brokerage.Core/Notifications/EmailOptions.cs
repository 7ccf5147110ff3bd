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
}
