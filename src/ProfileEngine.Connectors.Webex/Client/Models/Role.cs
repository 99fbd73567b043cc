namespace ProfileEngine.Connectors.Webex.Models;

public sealed record Role(string Id, string? Name);
