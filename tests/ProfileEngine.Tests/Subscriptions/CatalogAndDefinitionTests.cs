using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ProfileEngine.Connectors.Scim;
using ProfileEngine.Connectors.Webex.Subscriptions;
using ProfileEngine.Connectors.Webex;
using ProfileEngine.Profiles;
using ProfileEngine.Reclamation;
using ProfileEngine.Subscriptions;
using ProfileEngine.Tests.Support;
using ProfileEngine.WebexSimulator;
using ProfileEngine.Workflows.Loading;

namespace ProfileEngine.Tests.Subscriptions;

public sealed class CatalogAndDefinitionTests
{
    [Fact]
    public async Task The_built_workflows_folder_holds_the_engines_and_the_connectors_subflows_and_loads_with_no_problems()
    {
        await using var engine = await EngineHarness.StartAsync();

        var report = await engine.Get<WorkflowDefinitionLoader>().LoadFolderAsync(RepositoryPaths.WorkflowsFolder, CancellationToken.None);

        Assert.Empty(report.Problems);
        string[] expected = [CandidateFlows.DefinitionId, WebexSubflows.Download, WebexSubflows.Activity, WebexSubflows.Reclaim, ScimSubflows.Download, ScimSubflows.Activity, ScimSubflows.Reclaim];
        Assert.Equal(expected.Order(StringComparer.Ordinal), report.Imported.Select(i => i.DefinitionId).Order(StringComparer.Ordinal));
        var published = await engine.Get<WorkflowDefinitionStore>().FindPublishedAsync(WebexSubflows.Download, CancellationToken.None);
        Assert.NotNull(published);
    }

    [Fact]
    public async Task The_shipped_catalog_recognizes_every_license_the_simulator_serves_and_marks_the_free_ones()
    {
        await using var sim = await WebexSimulatorServer.StartAsync(new SimulatorOptions { Users = 20 });
        var catalog = ProductCatalog.Load(ProductCatalog.DefaultPath);

        var matches = sim.State.Data.Licenses.Select(l => (License: l, Entry: catalog.Match(l.Id, l.Name))).ToList();

        Assert.All(matches, m => Assert.NotNull(m.Entry));
        Assert.All(matches, m => Assert.Equal(m.License.SubscriptionId is null, m.Entry!.Free));
        Assert.Equal(
            [
                "webex-advanced-messaging", "webex-basic-messaging", "webex-calling-professional", "webex-events", "webex-free-screen-share",
                "webex-meetings-suite", "webex-support", "webex-training",
            ],
            matches.Select(m => m.Entry!.Key).Order(StringComparer.Ordinal));
        Assert.True(matches.Single(m => m.Entry!.Key == "webex-free-screen-share").Entry!.Implicit);
        Assert.Equal($"Meetings Suite ({sim.State.Data.SiteUrl})", matches.Single(m => m.Entry!.Key == "webex-meetings-suite").Entry!.EditionFor(sim.State.Data.SiteUrl));
        Assert.Equal($"Training Center ({sim.State.Data.SiteUrl})", matches.Single(m => m.Entry!.Key == "webex-training").Entry!.EditionFor(sim.State.Data.SiteUrl));
    }

    [Fact]
    public void A_license_is_recognized_by_the_offer_code_in_its_id_before_its_name()
    {
        var catalog = ProductCatalog.Load(ProductCatalog.DefaultPath);
        var id = Convert.ToBase64String(Encoding.UTF8.GetBytes("ciscospark://us/LICENSE/0c4b7f0a-1111-2222-3333-444455556666:BCBAS_abc")).TrimEnd('=');

        Assert.Equal("BCBAS", ProductCatalog.OfferCode(id));
        Assert.Equal("webex-calling-basic", catalog.Match(id, "Advanced Messaging")?.Key);
        Assert.Equal("webex-advanced-messaging", catalog.Match("not-a-webex-id", "Advanced Messaging")?.Key);
        Assert.Null(catalog.Match("not-a-webex-id", "Something Else"));
    }

    [Theory]
    [InlineData("{ not json", "is not valid JSON")]
    [InlineData("""{ "publisher": "Cisco", "entries": [] }""", "$: 'profileType' is required")]
    [InlineData("""{ "publisher": "Cisco", "profileType": "W", "entries": [] }""", "$.entries must be a non-empty array")]
    [InlineData("""{ "publisher": "Cisco", "profileType": "W", "entries": [ { "key": "a", "product": "P", "edition": "E" } ] }""", "$.entries[0] (key 'a'): give 'offerCodes' or 'namePatterns'")]
    [InlineData("""{ "publisher": "Cisco", "profileType": "W", "entries": [ { "key": "a", "product": "P", "edition": "E", "offerCodes": ["X"] }, { "key": "A", "product": "P", "edition": "F", "offerCodes": ["Y"] } ] }""", "$.entries[1] (key 'A'): the key is used by an earlier entry")]
    [InlineData("""{ "publisher": "Cisco", "profileType": "W", "entries": [ { "key": "a", "product": "P", "edition": "E", "offerCodes": ["X"] }, { "key": "b", "product": "P", "edition": "F", "offerCodes": ["x"] } ] }""", "$.entries[1] (key 'b'): the offer code 'x' is already claimed by 'a'")]
    [InlineData("""{ "publisher": "Cisco", "profileType": "W", "entries": [ { "key": "a", "product": "P", "edition": "E", "namePatterns": ["(unclosed"] } ] }""", "$.entries[0] (key 'a'): the name pattern '(unclosed' is not a valid regular expression")]
    [InlineData("""{ "publisher": "Cisco", "profileType": "W", "entries": [ { "key": "a", "product": "P", "edition": "E", "offerCodes": ["X"], "free": true, "unitPrice": 3 } ] }""", "$.entries[0] (key 'a'): a free license is never priced")]
    [InlineData("""{ "publisher": "Cisco", "profileType": "W", "entries": [ { "key": "a", "product": "P", "edition": "E", "offerCodes": ["X"], "implicit": true } ] }""", "$.entries[0] (key 'a'): an implicit license must also be free")]
    [InlineData("""{ "publisher": "Cisco", "profileType": "W", "entries": [ { "key": "a", "product": "P", "edition": "E", "offerCodes": ["X"], "free": "yes" } ] }""", "$.entries[0] (key 'a'): 'free' must be true or false")]
    public void A_bad_catalog_is_refused_naming_the_file_the_entry_and_the_reason(string json, string reason)
    {
        var error = Assert.Throws<ProductCatalogException>(() => ProductCatalog.Parse(json, "my-catalog.json"));

        Assert.Contains("my-catalog.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
