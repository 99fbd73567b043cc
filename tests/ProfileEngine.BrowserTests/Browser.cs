using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using ProfileEngine.Tests.Support;

namespace ProfileEngine.BrowserTests;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>, which test.sh installs when missing) driven headless by Playwright;
/// Playwright never downloads a browser here. One browser per test class; each test gets its own context (cookies).
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Instance { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run `bash test.sh`, which installs Debian's chromium package.");
        _playwright = await Playwright.CreateAsync();
        Instance = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await Instance.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>A page whose every step can be photographed into <c>artifacts/screenshots/&lt;test&gt;/</c> (not committed).</summary>
    public async Task<(IBrowserContext Context, Screenshots Shots)> NewPageAsync(Uri host, string test)
    {
        var context = await Instance.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        return (context, new Screenshots(await context.NewPageAsync(), Path.Combine(RepositoryPaths.RepositoryRoot, "artifacts", "screenshots", test)));
    }

    /// <summary>A loopback port free right now, for a host whose own URL must be known before it starts (OAuth redirect URIs).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class Screenshots(IPage page, string folder)
{
    private int _count;

    public IPage Page { get; } = page;

    public string Folder { get; } = folder;

    public async Task TakeAsync(string name)
    {
        Directory.CreateDirectory(Folder);
        _count++;
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, $"{_count:00}-{name}.png"), FullPage = true });
    }
}
