namespace ProfileEngine.WebexSimulator.People;

/// <summary>Which Person fields an answer carries.</summary>
public enum PersonView
{
    /// <summary>GET /v1/people/{id} and the admin listing: presence and licenses/roles included.</summary>
    Full,

    /// <summary>GET /v1/people?id=: no presence, no licenses, no roles.</summary>
    IdLookup,
}
