using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ProfileEngine.Tests.Clustering;

/// <summary>
/// The network between one node and PostgreSQL: a loopback TCP relay the node connects through. <see cref="CutAsync"/>
/// drops every connection and refuses new ones, which is what the database and the other nodes see of a node whose
/// process died: its open transactions roll back, its Quartz check-ins and workflow lease renewals stop, and nothing
/// it still tries to write arrives.
/// </summary>
public sealed class DatabaseLink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _serverHost;
    private readonly int _serverPort;
    private readonly CancellationTokenSource _cut = new();
    private readonly Lock _gate = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;

    public DatabaseLink(string connectionString)
    {
        var server = new NpgsqlConnectionStringBuilder(connectionString);
        _serverHost = server.Host!;
        _serverPort = server.Port;
        server.Host = IPAddress.Loopback.ToString();
        _listener.Start();
        server.Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        ConnectionString = server.ToString();
        _accepting = AcceptAsync();
    }

    /// <summary>The same database, reached through this link.</summary>
    public string ConnectionString { get; }

    public async Task CutAsync()
    {
        await _cut.CancelAsync();
        _listener.Stop();
        lock (_gate)
        {
            foreach (var socket in _open)
            {
                socket.Dispose();
            }

            _open.Clear();
        }

        await _accepting;
    }

    public async ValueTask DisposeAsync()
    {
        await CutAsync();
        _cut.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_cut.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var server = new TcpClient();
        if (!Track(client, server))
        {
            return;
        }

        try
        {
            await server.ConnectAsync(_serverHost, _serverPort, _cut.Token);
            var fromClient = client.GetStream().CopyToAsync(server.GetStream(), _cut.Token);
            var fromServer = server.GetStream().CopyToAsync(client.GetStream(), _cut.Token);
            await Task.WhenAny(fromClient, fromServer);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The link was cut or one side hung up; closing both ends below is all there is to do.
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove(client);
                _open.Remove(server);
            }

            client.Dispose();
            server.Dispose();
        }
    }

    /// <summary>Registers a relay's two sockets, or closes them at once when the link was cut meanwhile.</summary>
    private bool Track(TcpClient client, TcpClient server)
    {
        lock (_gate)
        {
            if (!_cut.IsCancellationRequested)
            {
                _open.Add(client);
                _open.Add(server);
                return true;
            }
        }

        client.Dispose();
        server.Dispose();
        return false;
    }
}
