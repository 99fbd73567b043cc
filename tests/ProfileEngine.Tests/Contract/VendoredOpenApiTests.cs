using ProfileEngine.Tests.Support;

namespace ProfileEngine.Tests.Contract;

/// <summary>A clone of this repository alone runs the contract tests: Cisco's files travel with it, attributed.</summary>
public sealed class VendoredOpenApiTests
{
    [Fact]
    public void Cisco_OpenAPI_files_are_read_from_the_repository_with_their_attribution()
    {
        var folder = Path.GetFullPath(RepositoryPaths.WebexReference);

        Assert.StartsWith(Path.GetFullPath(RepositoryPaths.RepositoryRoot) + Path.DirectorySeparatorChar, folder, StringComparison.Ordinal);
        Assert.Equal("3.0", OpenApiSpec.Admin.Document.RootElement.GetProperty("openapi").GetString()![..3]);
        Assert.Equal("3.0", OpenApiSpec.Meeting.Document.RootElement.GetProperty("openapi").GetString()![..3]);
        var notice = File.ReadAllText(Path.Combine(folder, "NOTICE.md"));
        Assert.Contains("1be8332652c7c3dd34ea8148848c44ddf109a200", notice, StringComparison.Ordinal);
        Assert.Contains("CC BY 4.0", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("../shared", File.ReadAllText(Path.Combine(RepositoryPaths.RepositoryRoot, "test.sh")), StringComparison.Ordinal);
    }
}
