using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Brokerage.EndToEndTests.Infrastructure;

/// <summary>
/// One running app and one Chromium per test class; each test gets a fresh browser context,
/// so no cookie or signed-in user leaks from one test into the next.
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    // The system Chromium, so nothing is downloaded; the flags keep it quiet and container-safe.
    private static readonly BrowserTypeLaunchOptions LaunchOptions = new()
    {
        ExecutablePath = Environment.GetEnvironmentVariable("BROKERAGE_E2E_CHROMIUM") ?? "/usr/bin/chromium",
        Headless = true,
        Args =
        [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    };

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public BrokerageServer Server { get; } = new();

    public async Task InitializeAsync()
    {
        // The first visit to each page JIT-compiles it; on a busy build agent that can take seconds.
        Assertions.SetDefaultExpectTimeout(15_000);
        Server.Start();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(LaunchOptions);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>
    /// Runs a journey in a new browser context. If it fails, a screenshot of the page as it was
    /// is saved under the test output folder, because a browser failure is hard to read from a
    /// timeout message alone.
    /// </summary>
    public async Task RunAsync(ITestOutputHelper output, string name, Func<IPage, Task> journey)
    {
        await using var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.RootUri.ToString(),
            AcceptDownloads = true,
            Locale = "en-GB",
            TimezoneId = "Europe/London",
        });
        await context.Tracing.StartAsync(new TracingStartOptions { Screenshots = true, Snapshots = true });
        context.SetDefaultTimeout(10_000);
        context.SetDefaultNavigationTimeout(15_000);
        var page = await context.NewPageAsync();

        // A script error would leave GOV.UK components (error summary focus, conditional
        // questions) silently uninitialised, so it fails the journey even if every step passed.
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add($"{page.Url}: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                output.WriteLine($"{response.Status} for {response.Url} (on {page.Url})");
            }
        };

        try
        {
            await journey(page);
            Assert.True(scriptErrors.Count == 0, "Script errors in the page:" + Environment.NewLine + string.Join(Environment.NewLine, scriptErrors));
            await context.Tracing.StopAsync();
        }
        catch
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, $"{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.png");
            try
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
                output.WriteLine($"Failed on {page.Url}; screenshot: {path}");
                await context.Tracing.StopAsync(new TracingStopOptions { Path = Path.ChangeExtension(path, ".trace.zip") });
            }
            catch (PlaywrightException ex)
            {
                output.WriteLine($"Failed on {page.Url}; no screenshot: {ex.Message}");
            }

            throw;
        }
    }
}
