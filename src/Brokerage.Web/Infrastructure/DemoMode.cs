using Microsoft.Extensions.Options;

namespace Brokerage.Web.Infrastructure;

/// <summary>
/// Whether this copy runs on fictional demo data (<c>Brokerage:DemoData</c>, on by default only
/// in Development): seeds it, and says so in every page's footer.
/// </summary>
public sealed class DemoMode(IOptions<BrokerageOptions> options, IHostEnvironment environment)
{
    public bool IsOn { get; } = options.Value.DemoData ?? environment.IsDevelopment();
}
