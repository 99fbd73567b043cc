using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ProfileEngine.Tests.Support;

namespace ProfileEngine.Tests.Host;

/// <summary>A profile's downloaded records over REST: the lists answer for a known profile, and refusals name the field.</summary>
public sealed class SubscriptionsApiTests
{
    [Fact]
    public async Task The_lists_of_a_profile_answer_and_bad_paging_an_unknown_profile_or_identifier_are_refused_by_field()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["ProfileEngine:WebexSimulator:Enabled"] = "false" });
        using var http = host.CreateClient();
        using var created = await http.PostAsJsonAsync(new Uri("profiles", UriKind.Relative), new { displayName = "Acme" });
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();

        var page = await http.GetFromJsonAsync<JsonObject>(new Uri($"profiles/{id}/subscriptions?take=10&loginEnabled=true", UriKind.Relative));
        var models = await http.GetFromJsonAsync<JsonArray>(new Uri($"profiles/{id}/software-models", UriKind.Relative));
        var unrecognized = await http.GetFromJsonAsync<JsonArray>(new Uri($"profiles/{id}/unrecognized-identifiers", UriKind.Relative));
        using var badTake = await http.GetAsync(new Uri($"profiles/{id}/subscriptions?take=5000", UriKind.Relative));
        using var unknownProfile = await http.GetAsync(new Uri($"profiles/{Guid.NewGuid()}/software-models", UriKind.Relative));
        using var unknownIdentifier = await http.PostAsJsonAsync(
            new Uri($"profiles/{id}/unrecognized-identifiers/map", UriKind.Relative), new { identifier = "XX_1", modelId = Guid.NewGuid() });
        using var blankIdentifier = await http.PostAsJsonAsync(
            new Uri($"profiles/{id}/unrecognized-identifiers/map", UriKind.Relative), new { identifier = " ", modelId = Guid.Empty });

        Assert.Equal(0, page!["total"]!.GetValue<int>());
        Assert.Empty(page["items"]!.AsArray());
        Assert.Empty(models!);
        Assert.Empty(unrecognized!);
        Assert.Equal(HttpStatusCode.BadRequest, badTake.StatusCode);
        Assert.Contains("Take must be between 1 and 1000.", await badTake.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknownProfile.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownIdentifier.StatusCode);
        Assert.Equal("Identifier", (await unknownIdentifier.Content.ReadFromJsonAsync<JsonObject>())!["field"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, blankIdentifier.StatusCode);
        var errors = (await blankIdentifier.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("Identifier") && errors.ContainsKey("ModelId"), errors.ToJsonString());
    }
}
