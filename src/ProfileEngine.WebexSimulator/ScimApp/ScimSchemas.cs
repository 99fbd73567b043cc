namespace ProfileEngine.WebexSimulator.ScimApp;

/// <summary>The schema and message URNs of RFC 7643/7644, plus our activity extension.</summary>
public static class ScimSchemas
{
    public const string User = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string Group = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string EnterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    /// <summary>
    /// Default URN of the extension that carries the last sign-in (<see cref="LastLoginAttribute"/>). SCIM has no
    /// standard attribute for it; each vendor names its own, so <see cref="ScimAppOptions.ActivitySchema"/> can change it.
    /// </summary>
    public const string Activity = "urn:profileengine:params:scim:schemas:extension:activity:2.0:User";

    public const string LastLoginAttribute = "lastLogin";

    public const string ListResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public const string Error = "urn:ietf:params:scim:api:messages:2.0:Error";
    public const string ServiceProviderConfig = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    public const string ResourceType = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    public const string Schema = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    public const string ContentType = "application/scim+json; charset=utf-8";
}
