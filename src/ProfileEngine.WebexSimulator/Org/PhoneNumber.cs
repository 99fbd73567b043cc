namespace ProfileEngine.WebexSimulator.Org;

/// <summary>
/// One phone number of a person. <see cref="Type"/> is one of the People types (<c>work</c>, <c>work_extension</c>,
/// <c>mobile</c>, <c>fax</c>); SCIM's PhoneNumberObject enum has each of them under the same name, so both APIs show
/// the same list.
/// </summary>
public sealed record PhoneNumber(string Type, string Value, bool Primary)
{
    public const string Work = "work";
    public const string WorkExtension = "work_extension";
    public const string Mobile = "mobile";
    public const string Fax = "fax";

    public static readonly IReadOnlyList<string> PeopleTypes = [Work, WorkExtension, Mobile, Fax];
}
