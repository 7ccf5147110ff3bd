using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Brokerage.Testing;

/// <summary>
/// A small, slow SMTP server on loopback that records the Message-ID of every message it
/// accepts, so that a test can see what a real mail server would have received. While
/// <see cref="Stalled"/> it takes connections and never says a word, as a mail server does that
/// has hung; the load run (tools/Brokerage.LoadRun) compiles this file too.
/// </summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private volatile bool _stalled;
    private CancellationTokenSource _recovered = new();
    private int _stalledConnections;

    /// <param name="port">0 for any free port.</param>
    public FakeSmtpServer(TimeSpan delayPerMessage, int port = 0)
    {
        DelayPerMessage = delayPerMessage;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start(backlog: 500);
        _accepting = AcceptAsync();
    }

    public TimeSpan DelayPerMessage { get; }
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>
    /// Whether the server has hung: connections are taken and held in silence. Setting it back to
    /// false closes them (a client would have given up on them by then) and answers new ones.
    /// </summary>
    public bool Stalled
    {
        get => _stalled;
        set
        {
            if (value == _stalled)
            {
                return;
            }

            _stalled = value;
            if (!value)
            {
                var recovered = Interlocked.Exchange(ref _recovered, new CancellationTokenSource());
                recovered.Cancel();
                recovered.Dispose();
            }
        }
    }

    /// <summary>Connections taken in silence while stalled.</summary>
    public int StalledConnections => Volatile.Read(ref _stalledConnections);

    /// <summary>Every accepted message's Message-ID, in order, duplicates included.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(() => ConverseAsync(client));
        }
    }

    private async Task ConverseAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            // Taken before looking, so that a recovery in between still ends the silence.
            var recovered = Volatile.Read(ref _recovered).Token;
            if (_stalled)
            {
                Interlocked.Increment(ref _stalledConnections);
                using var silence = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, recovered);
                await Task.Delay(Timeout.Infinite, silence.Token);
            }

            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII);
            var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 fake.example ESMTP");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var command = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (command)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-fake.example");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        string? messageId = null;
                        while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                        {
                            if (messageId is null && data.StartsWith("Message-ID:", StringComparison.OrdinalIgnoreCase))
                            {
                                messageId = data["Message-ID:".Length..].Trim().Trim('<', '>');
                            }
                        }

                        // A slow server: a process killed now has sent the message but not heard it was accepted.
                        await Task.Delay(DelayPerMessage, _stop.Token);
                        Received.Enqueue(messageId ?? "(none)");
                        await writer.WriteLineAsync("250 OK queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("250 OK");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away (it was killed): what it had not finished is not received.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
        _recovered.Dispose();
    }
}
