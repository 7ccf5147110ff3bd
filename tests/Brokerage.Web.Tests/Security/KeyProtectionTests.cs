using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Tests.Security;

/// <summary>
/// The data-protection keys (which sign cookies and protect tokens) live in the database, so that
/// every node reads them. With a certificate configured they are stored encrypted, so a copy of the
/// database alone cannot forge a sign-in.
/// </summary>
public sealed class KeyProtectionTests : IDisposable
{
    private const string Password = "key-certificate-test";
    private readonly string _folder = Directory.CreateTempSubdirectory("brokerage-keycert-").FullName;

    [Fact]
    public async Task WithACertificate_KeysAreStoredEncrypted_AndSignInStillWorks()
    {
        var current = WriteCertificate("current.pfx");
        var renewed = WriteCertificate("renewed.pfx");
        var directory = Path.Combine(_folder, "app");
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(BrokerageWebFactory.Start);
        var cookies = new CookieContainer();
        using (var app = BrokerageWebFactory.Over(directory, time, Certificate(current)))
        {
            var broker = new Browser(app.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies)));
            var signedIn = await broker.SubmitAsync("/sign-in", new() { ["Email"] = TestUsers.Broker, ["Password"] = TestUsers.Password });
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await broker.GetAsync("/requests")).Response.StatusCode);

            var keys = await app.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            });
        }

        // After a renewal the old certificate is kept as a previous one: the cookie issued before still reads.
        using (var renewedApp = BrokerageWebFactory.Over(directory, time, Certificate(renewed, previous: current)))
        {
            var sameBrowser = new Browser(renewedApp.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies)));
            Assert.Equal(HttpStatusCode.OK, (await sameBrowser.GetAsync("/requests")).Response.StatusCode);
        }

        // Without the certificate that encrypted them, the keys cannot be read: the cookie is worth nothing.
        using (var withoutCertificate = BrokerageWebFactory.Over(directory, time, Certificate(renewed)))
        {
            var sameBrowser = new Browser(withoutCertificate.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies)));
            var (refused, _) = await sameBrowser.GetAsync("/requests");
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.StartsWith("/sign-in", refused.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        }

        TestDatabase.Drop(directory);
    }

    [Fact]
    public async Task TurningEncryptionOn_RevokesTheKeysStoredInTheClear_SoACookieSignedWithThemIsRefused()
    {
        var directory = Path.Combine(_folder, "upgrade");
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(BrokerageWebFactory.Start);
        var cookies = new CookieContainer();
        using (var before = BrokerageWebFactory.Over(directory, time))
        {
            var broker = new Browser(before.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies)));
            await broker.SubmitAsync("/sign-in", new() { ["Email"] = TestUsers.Broker, ["Password"] = TestUsers.Password });
            Assert.Equal(HttpStatusCode.OK, (await broker.GetAsync("/requests")).Response.StatusCode);
        }

        using var after = BrokerageWebFactory.Over(directory, time, Certificate(WriteCertificate("upgrade.pfx")));
        var sameBrowser = new Browser(after.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies)));
        var (refused, _) = await sameBrowser.GetAsync("/requests");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/sign-in", refused.Headers.Location!.AbsolutePath, StringComparison.Ordinal);

        // Signing in again works, with a key that is stored encrypted.
        var signedIn = await sameBrowser.SubmitAsync("/sign-in", new() { ["Email"] = TestUsers.Broker, ["Password"] = TestUsers.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sameBrowser.GetAsync("/requests")).Response.StatusCode);
        var rows = await after.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
        Assert.Contains(rows, xml => xml.StartsWith("<revocation", StringComparison.Ordinal));
        Assert.Contains(rows, xml => xml.StartsWith("<key", StringComparison.Ordinal) && xml.Contains("<encryptedSecret", StringComparison.Ordinal));
        TestDatabase.Drop(directory);
    }

    [Fact]
    public async Task WithoutACertificate_TheKeysAreReadableInTheDatabase()
    {
        // The contrast that makes the test above mean something: the default, which the README warns about.
        using var app = new BrokerageWebFactory();
        await Browser.SignedInAsync(app, TestUsers.Broker);

        var keys = await app.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());

        Assert.Contains(keys, xml => xml.Contains("<masterKey", StringComparison.Ordinal));
    }

    [Fact]
    public void AMissingCertificateFile_StopsStartUp_NamingTheSetting()
    {
        using var app = BrokerageWebFactory.Over(Path.Combine(_folder, "missing"), new(BrokerageWebFactory.Start), new Dictionary<string, string>
        {
            ["Brokerage:Security:KeyCertificate:Path"] = Path.Combine(_folder, "no-such.pfx"),
        });

        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var message = failure is AggregateException aggregate ? aggregate.Flatten().InnerExceptions[0].Message : failure.Message;
        Assert.Contains("Brokerage:Security:KeyCertificate:Path", message, StringComparison.Ordinal);
        Assert.Contains("no-such.pfx", message, StringComparison.Ordinal);
        TestDatabase.Drop(Path.Combine(_folder, "missing"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Dictionary<string, string> Certificate(string path, string? previous = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Brokerage:Security:KeyCertificate:Path"] = path,
            ["Brokerage:Security:KeyCertificate:Password"] = Password,
        };
        if (previous is not null)
        {
            settings["Brokerage:Security:KeyCertificate:Previous:0:Path"] = previous;
            settings["Brokerage:Security:KeyCertificate:Previous:0:Password"] = Password;
        }

        return settings;
    }

    /// <summary>A self-signed certificate with its private key, as a council's PKI would issue for the app.</summary>
    private string WriteCertificate(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Brokerage data protection (test)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }
}
