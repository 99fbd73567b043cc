using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProfileEngine.Persistence;

namespace ProfileEngine.Connections;

public static class ConnectionsServiceCollectionExtensions
{
    /// <summary>
    /// Connections and their secrets: Data Protection with its key ring in <c>&lt;data folder&gt;/keys</c> and the
    /// vendor host policy (connectors put <see cref="VendorHostGuard"/> on their HttpClients).
    /// </summary>
    /// <param name="allowLoopback">True only when an embedded vendor simulator is enabled.</param>
    public static IServiceCollection AddProfileEngineConnections(this IServiceCollection services, IConfiguration configuration, bool allowLoopback)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ConnectionOptions>()
            .Bind(configuration.GetSection(ConnectionOptions.Section))
            .PostConfigure(options => options.AllowLoopback = allowLoopback);
        var dataFolder = DataFolder.Resolve(configuration);
        var keys = new DirectoryInfo(Path.Combine(dataFolder, "keys"));
        var dataProtection = services.AddDataProtection().SetApplicationName("ProfileEngine");
        if (KeyRingCertificate.Load(configuration, dataFolder) is { } certificate)
        {
            dataProtection.ProtectKeysWithCertificate(certificate);
        }
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(
            options => options.XmlRepository = new OwnerOnlyXmlRepository(keys, sp.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton<SecretProtector>();
        services.TryAddSingleton<Connectors.VendorConnectors>();
        services.AddSingleton<VendorHostPolicy>();
        services.AddTransient<VendorHostGuard>();
        return services;
    }
}
