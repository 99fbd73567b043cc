namespace ProfileEngine.Connectors.Webex.Models;

public sealed record Organization(string Id, string? DisplayName, DateTimeOffset? Created);
