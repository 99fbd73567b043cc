using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;

namespace ProfileEngine.Connections;

/// <summary>
/// The Data Protection key ring in a folder only the engine's user may enter (0700), each key file readable only by
/// it (0600). The keys are not encrypted at rest unless a certificate is configured, so the file modes are what keeps
/// other local users from reading every stored credential. On Windows the folder's inherited ACL applies and this
/// adds nothing.
/// </summary>
public sealed class OwnerOnlyXmlRepository : IXmlRepository
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode KeyFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly DirectoryInfo _folder;
    private readonly FileSystemXmlRepository _inner;

    public OwnerOnlyXmlRepository(DirectoryInfo folder, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(folder);
        _folder = folder;
        if (OperatingSystem.IsWindows())
        {
            folder.Create();
        }
        else
        {
            Directory.CreateDirectory(folder.FullName, FolderMode);
            // A folder made by an older version (or by hand) is tightened too.
            File.SetUnixFileMode(folder.FullName, FolderMode);
            RestrictKeyFiles();
        }

        _inner = new FileSystemXmlRepository(folder, loggerFactory);
    }

    public IReadOnlyCollection<XElement> GetAllElements() => _inner.GetAllElements();

    public void StoreElement(XElement element, string friendlyName)
    {
        // The repository writes a temporary file and renames it; inside a 0700 folder nobody else sees it meanwhile.
        _inner.StoreElement(element, friendlyName);
        if (!OperatingSystem.IsWindows())
        {
            RestrictKeyFiles();
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private void RestrictKeyFiles()
    {
        foreach (var file in Directory.EnumerateFiles(_folder.FullName, "*.xml"))
        {
            if (File.GetUnixFileMode(file) != KeyFileMode)
            {
                File.SetUnixFileMode(file, KeyFileMode);
            }
        }
    }
}
