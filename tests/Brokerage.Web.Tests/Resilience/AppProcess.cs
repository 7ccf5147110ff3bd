using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Brokerage.Web.Tests.Infrastructure;

namespace Brokerage.Web.Tests.Resilience;

/// <summary>
/// The built web app as a separate process, as it runs in production, so that a test can kill
/// it outright (SIGKILL: no shutdown hooks, no flushing) and start it again on the same data.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process _process;

    private AppProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<AppProcess> StartAsync(string directory, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var process = Process.Start(StartInfo(directory, settings, port)) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}"));
        await app.WaitUntilUpAsync();
        return app;
    }

    /// <summary>Starts the app on the given port and waits for it to stop by itself, as it should when it cannot start.</summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(string directory, IReadOnlyDictionary<string, string> settings, int port, TimeSpan timeout)
    {
        using var process = Process.Start(StartInfo(directory, settings, port)) ?? throw new InvalidOperationException("dotnet did not start");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The app was still running after {timeout.TotalSeconds} seconds:\n{string.Join('\n', output)}");
        }

        // The exit can be seen before the last redirected lines are read.
        process.WaitForExit();
        return (process.ExitCode, string.Join('\n', output));
    }

    private static ProcessStartInfo StartInfo(string directory, IReadOnlyDictionary<string, string> settings, int port)
    {
        var start = new ProcessStartInfo("dotnet", [WebAssembly()])
        {
            // Where `dotnet run` starts it, so that the app serves its own wwwroot.
            WorkingDirectory = Path.Combine(RepositoryRoot(), "src", "Brokerage.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        // A process killed outright leaves the runtime's diagnostic pipes in the temp folder; it needs none.
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        var defaults = TestAppSettings.For(TestDatabase.ConnectionString(directory), Path.Combine(directory, "mail"));
        // The process runs its own jobs, as in production; the settings say when.
        defaults["Brokerage:RunJobs"] = "true";
        foreach (var (key, value) in defaults.Concat(settings))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return start;
    }

    /// <summary>SIGKILL, as the kernel's OOM killer or a pulled plug would.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public HttpClient Client(CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true }) { BaseAddress = Address };

    private async Task WaitUntilUpAsync()
    {
        using var client = Client();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, "the app exited while starting");
            try
            {
                var health = await client.GetAsync("/health");
                if (health.StatusCode is HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The app did not become healthy within two minutes");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        var directory = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(directory, "Brokerage.sln")))
        {
            directory = Path.GetDirectoryName(directory) ?? throw new DirectoryNotFoundException("Brokerage.sln not found above " + AppContext.BaseDirectory);
        }

        return directory;
    }

    /// <summary>The web app built beside these tests, in the same configuration.</summary>
    private static string WebAssembly()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(RepositoryRoot(), "src", "Brokerage.Web", "bin", configuration, "net10.0", "Brokerage.Web.dll");
        Assert.True(File.Exists(path), "build the solution first: " + path);
        return path;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
