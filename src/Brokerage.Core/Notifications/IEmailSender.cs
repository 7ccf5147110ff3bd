using MimeKit;

namespace Brokerage.Core.Notifications;

public interface IEmailSender
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>The embedded default: each email becomes an .eml file that an admin can open.</summary>
public sealed class PickupDirectoryEmailSender(string directory) : IEmailSender
{
    public string Directory { get; } = directory;

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, message.MessageId + ".eml");
        // Write to a temporary name first so a half-written file is never mistaken for a sent email.
        var temporary = path + ".tmp";
        await message.WriteToAsync(temporary, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>
/// Real delivery through an SMTP server, when Email:Smtp:Host is set. The whole conversation for
/// one message, connecting included, is bounded by <see cref="SmtpOptions.TimeoutSeconds"/>: a
/// server that accepts the connection and then says nothing is given up on, not waited for.
/// </summary>
public sealed class SmtpEmailSender(SmtpOptions options) : IEmailSender
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var client = new MailKit.Net.Smtp.SmtpClient { Timeout = (int)timeout.TotalMilliseconds };
        try
        {
            var security = options.UseStartTls ? MailKit.Security.SecureSocketOptions.StartTls : MailKit.Security.SecureSocketOptions.None;
            await client.ConnectAsync(options.Host ?? throw new InvalidOperationException("Email:Smtp:Host is not set"), options.Port, security, deadline.Token);
            if (!string.IsNullOrEmpty(options.UserName))
            {
                await client.AuthenticateAsync(options.UserName, options.Password ?? "", deadline.Token);
            }

            await client.SendAsync(message, deadline.Token);
            await client.DisconnectAsync(quit: true, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The mail server did not finish within {options.TimeoutSeconds} seconds");
        }
    }
}

/// <summary>Whether a failed send says something about the message (the server refused it) or about the server.</summary>
public static class SendFailure
{
    /// <summary>
    /// The server answered and refused this message (a recipient it does not know, say), or the
    /// message could not be written (an address that is not one): the next message may still go.
    /// Anything else (no connection, no answer, a broken conversation, a full disk) would fail for
    /// every message, so the run stops and tries again later.
    /// </summary>
    public static bool IsAboutTheMessage(Exception exception) =>
        exception is MailKit.Net.Smtp.SmtpCommandException or MimeKit.ParseException or FormatException;
}
