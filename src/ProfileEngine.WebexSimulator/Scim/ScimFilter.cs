using System.Text;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.WebexSimulator.Scim;

/// <summary>A SCIM filter was not understood; the endpoint answers 400 invalidFilter.</summary>
public sealed class ScimFilterException(string message) : Exception(message);

/// <summary>
/// SCIM 2 filters (RFC 7644 §3.4.2.2) over users: <c>eq ne co sw ew gt ge lt le pr</c>, <c>and</c>, <c>or</c>,
/// <c>not</c>, parentheses. Attributes: userName, displayName, nickName, id, emails.value, emails.display,
/// name.givenName, name.familyName, name.middleName, name.formatted, title, active, meta.created, meta.lastModified.
/// </summary>
public abstract class ScimFilter
{
    public abstract bool Matches(Person person);

    public static ScimFilter Parse(string text) => new Parser(Tokenize(text)).ParseAll();

    private sealed class Or(ScimFilter left, ScimFilter right) : ScimFilter
    {
        public override bool Matches(Person person) => left.Matches(person) || right.Matches(person);
    }

    private sealed class And(ScimFilter left, ScimFilter right) : ScimFilter
    {
        public override bool Matches(Person person) => left.Matches(person) && right.Matches(person);
    }

    private sealed class Not(ScimFilter inner) : ScimFilter
    {
        public override bool Matches(Person person) => !inner.Matches(person);
    }

    private sealed class Comparison(string attribute, string op, string? value) : ScimFilter
    {
        private readonly DateTimeOffset? time = IsTime(attribute) ? ParseTime(value) : null;

        public override bool Matches(Person person)
        {
            if (IsTime(attribute))
            {
                var actual = attribute == "meta.created" ? person.Created : person.LastModified;
                return op switch
                {
                    "pr" => true,
                    "eq" => actual == time,
                    "ne" => actual != time,
                    "gt" => actual > time,
                    "ge" => actual >= time,
                    "lt" => actual < time,
                    "le" => actual <= time,
                    _ => throw new ScimFilterException($"Operator {op} does not apply to {attribute}."),
                };
            }

            if (attribute == "active")
            {
                var wanted = string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
                return op switch
                {
                    "pr" => true,
                    "eq" => person.LoginEnabled == wanted,
                    "ne" => person.LoginEnabled != wanted,
                    _ => throw new ScimFilterException($"Operator {op} does not apply to active."),
                };
            }

            var text = StringValue(person);
            if (op == "pr")
            {
                return text is not null;
            }

            if (text is null || value is null)
            {
                return op == "ne";
            }

            return op switch
            {
                "eq" => string.Equals(text, value, StringComparison.OrdinalIgnoreCase),
                "ne" => !string.Equals(text, value, StringComparison.OrdinalIgnoreCase),
                "co" => text.Contains(value, StringComparison.OrdinalIgnoreCase),
                "sw" => text.StartsWith(value, StringComparison.OrdinalIgnoreCase),
                "ew" => text.EndsWith(value, StringComparison.OrdinalIgnoreCase),
                "gt" => string.Compare(text, value, StringComparison.OrdinalIgnoreCase) > 0,
                "ge" => string.Compare(text, value, StringComparison.OrdinalIgnoreCase) >= 0,
                "lt" => string.Compare(text, value, StringComparison.OrdinalIgnoreCase) < 0,
                "le" => string.Compare(text, value, StringComparison.OrdinalIgnoreCase) <= 0,
                _ => throw new ScimFilterException($"Unknown operator {op}."),
            };
        }

        private string? StringValue(Person person) => attribute switch
        {
            "username" or "emails.value" or "emails.display" or "emails" => person.Email,
            "displayname" => person.DisplayName,
            "nickname" => person.NickName,
            "id" => person.Uuid.ToString(),
            "name.givenname" => person.FirstName,
            "name.familyname" => person.LastName,
            "name.formatted" => person.FirstName is null && person.LastName is null ? null : $"{person.FirstName} {person.LastName}".Trim(),
            "name.middlename" => null,
            "title" => person.Title,
            _ => throw new ScimFilterException($"Filtering on attribute '{attribute}' is not supported."),
        };

        private static bool IsTime(string attribute) => attribute is "meta.lastmodified" or "meta.created";

        private static DateTimeOffset? ParseTime(string? value) =>
            value is null ? null
            : WebexTime.TryParse(value, out var parsed) ? parsed
            : throw new ScimFilterException($"'{value}' is not an ISO-8601 time.");
    }

    private readonly record struct Token(string Text, bool Quoted);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(new Token(c.ToString(), false));
                i++;
            }
            else if (c == '"')
            {
                var value = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    value.Append(text[i++]);
                }

                if (i >= text.Length)
                {
                    throw new ScimFilterException("Unterminated string in filter.");
                }

                i++;
                tokens.Add(new Token(value.ToString(), true));
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or '"'))
                {
                    i++;
                }

                tokens.Add(new Token(text[start..i], false));
            }
        }

        return tokens;
    }

    private sealed class Parser(List<Token> tokens)
    {
        private static readonly string[] Operators = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"];
        private int position;

        public ScimFilter ParseAll()
        {
            var filter = ParseOr();
            if (position < tokens.Count)
            {
                throw new ScimFilterException($"Unexpected '{tokens[position].Text}' in filter.");
            }

            return filter;
        }

        private ScimFilter ParseOr()
        {
            var left = ParseAnd();
            while (IsKeyword("or"))
            {
                position++;
                left = new Or(left, ParseAnd());
            }

            return left;
        }

        private ScimFilter ParseAnd()
        {
            var left = ParseFactor();
            while (IsKeyword("and"))
            {
                position++;
                left = new And(left, ParseFactor());
            }

            return left;
        }

        private ScimFilter ParseFactor()
        {
            if (IsKeyword("not"))
            {
                position++;
                return new Not(ParseFactor());
            }

            var token = Next("an attribute or '('");
            if (token is { Text: "(", Quoted: false })
            {
                var inner = ParseOr();
                if (Next("')'") is not { Text: ")", Quoted: false })
                {
                    throw new ScimFilterException("Missing ')' in filter.");
                }

                return inner;
            }

            var attribute = token.Text.ToLowerInvariant();
            var op = Next("an operator").Text.ToLowerInvariant();
            if (op == "pr")
            {
                return new Comparison(attribute, op, null);
            }

            if (!Operators.Contains(op))
            {
                throw new ScimFilterException($"Unknown operator '{op}'.");
            }

            var value = Next("a value");
            return new Comparison(attribute, op, value is { Quoted: false, Text: "null" } ? null : value.Text);
        }

        private bool IsKeyword(string keyword) =>
            position < tokens.Count && !tokens[position].Quoted && string.Equals(tokens[position].Text, keyword, StringComparison.OrdinalIgnoreCase);

        private Token Next(string expected) =>
            position < tokens.Count ? tokens[position++] : throw new ScimFilterException($"Filter ended where {expected} was expected.");
    }
}
