using ProfileEngine.Connectors.Webex;
using ProfileEngine.Profiles;
using ProfileEngine.Tests.Support;

namespace ProfileEngine.Tests.Profiles;

/// <summary>
/// Small Elsa-JSON definitions standing in for the Webex subflows (the real ones come with the subscriptions
/// issue): each counts what it was given into a <c>counts</c> variable, so a job result has something to record.
/// </summary>
public static class TestSubflows
{
    public const string CustomDownload = "custom-download";
    public const string DraftOnly = "draft-only-download";
    public const string Faulting = "faulting-download";

    /// <summary>The three default bindings published, a published alternative, a draft-only one and one that faults.</summary>
    public static async Task ImportAllAsync(EngineHarness engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        await engine.ImportDefinitionAsync(Counting(WebexSubflows.Download, "downloaded"));
        await engine.ImportDefinitionAsync(Counting(WebexSubflows.Activity, "activityUpdated"));
        await engine.ImportDefinitionAsync(Counting(WebexSubflows.Reclaim, "reclaimed"));
        await engine.ImportDefinitionAsync(Counting(CustomDownload, "downloaded"));
        await engine.ImportDefinitionAsync(Counting(DraftOnly, "downloaded", published: false));
        await engine.ImportDefinitionAsync(FaultingDefinition());
    }

    public static string Counting(string definitionId, string counter, bool published = true) => $$"""
        {
          "definitionId": "{{definitionId}}",
          "name": "Test {{definitionId}}",
          "isPublished": {{(published ? "true" : "false")}},
          "variables": [ { "id": "counts", "name": "counts", "typeName": "Object" } ],
          "root": {
            "type": "Elsa.Sequence", "id": "Root",
            "activities": [
              { "id": "Say", "type": "Elsa.WriteLine", "version": 1,
                "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "'{{definitionId}} for profile ' + getInput('profileId')" } } },
              { "id": "Count", "type": "Elsa.SetVariable", "version": 1, "variable": { "id": "counts", "name": "counts" },
                "value": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "({ {{counter}}: 3 })" } } }
            ]
          }
        }
        """;

    private static string FaultingDefinition() => $$"""
        {
          "definitionId": "{{Faulting}}",
          "name": "A download that fails",
          "isPublished": true,
          "root": {
            "type": "Elsa.Sequence", "id": "Root",
            "activities": [
              { "id": "Boom", "type": "Elsa.WriteLine", "version": 1,
                "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "(function () { throw new Error('the vendor is down'); })()" } } }
            ]
          }
        }
        """;
}
