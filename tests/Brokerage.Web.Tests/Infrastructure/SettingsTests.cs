using Brokerage.Core.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Tests.Infrastructure;

/// <summary>Settings a council may well have, which start-up must accept (the refusals are in StartupFailureTests).</summary>
public sealed class SettingsTests
{
    [Fact]
    public void ASenderWithADisplayName_AndAShortLeaseWithoutSmtp_AreAccepted()
    {
        using var factory = new BrokerageWebFactory
        {
            Settings = new Dictionary<string, string>
            {
                ["Email:From"] = "Ambershire Brokerage <brokerage@ambershire.example>",
                // The lease only has to outlast an SMTP conversation when there is one.
                ["Email:DeliveryLeaseSeconds"] = "20",
            },
        };

        var email = factory.Services.GetRequiredService<IOptions<EmailOptions>>().Value;

        Assert.Equal(("Ambershire Brokerage <brokerage@ambershire.example>", 20), (email.From, email.DeliveryLeaseSeconds));
    }
}
