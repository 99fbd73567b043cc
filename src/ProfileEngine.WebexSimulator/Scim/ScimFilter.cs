using System.Text;
using ProfileEngine.WebexSimulator.Json;
using ProfileEngine.WebexSimulator.Org;

namespace ProfileEngine.WebexSimulator.Scim;

/// <summary>A SCIM filter was not understood; the endpoint answers 400 invalidFilter.</summary>
public sealed class ScimFilterException(string message) : Exception(message);

/// <summary>
/// SCIM 2 filters (RFC 7644 §3.4.2.2) over users: <c>eq ne co sw ew gt ge lt le pr</c>, <c>and</c>, <c>or</c>,
/// <c>not</c>, parentheses, and value filters on multi-valued attributes such as
/// <c>phoneNumbers[type eq "work" and value sw "+1"]</c> (true when one element matches the whole inner filter).
/// A comparison on a multi-valued attribute (<c>emails.value</c>, <c>phoneNumbers.type</c>) is true when any value
/// matches. Attribute names are case-insensitive and may carry the core or extension schema URN as a prefix.
/// See <see cref="ScimUserAttributes"/> for the attributes.
/// </summary>
public abstract class ScimFilter
{
    private static readonly string[] SchemaPrefixes =
    [
        "urn:ietf:params:scim:schemas:core:2.0:user:",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:",
        "urn:scim:schemas:extension:cisco:webexidentity:2.0:user:",
    ];

    public bool Matches(Person person, OrgData org) => Matches(new ScimUserAttributes(person, org));

    public abstract bool Matches(IScimAttributes target);

    public static ScimFilter Parse(string text) => new Parser(Tokenize(text)).ParseAll();

    private static string AttributeName(string token)
    {
        var name = token.ToLowerInvariant();
        foreach (var prefix in SchemaPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return name[prefix.Length..];
            }
        }

        return name;
    }

    private sealed class Or(ScimFilter left, ScimFilter right) : ScimFilter
    {
        public override bool Matches(IScimAttributes target) => left.Matches(target) || right.Matches(target);
    }

    private sealed class And(ScimFilter left, ScimFilter right) : ScimFilter
    {
        public override bool Matches(IScimAttributes target) => left.Matches(target) && right.Matches(target);
    }

    private sealed class Not(ScimFilter inner) : ScimFilter
    {
        public override bool Matches(IScimAttributes target) => !inner.Matches(target);
    }

    /// <summary><c>attribute[inner]</c>: some element of the multi-valued attribute matches <paramref name="inner"/>.</summary>
    private sealed class ValuePath(string attribute, ScimFilter inner) : ScimFilter
    {
        public override bool Matches(IScimAttributes target) => target.Elements(attribute).Any(inner.Matches);
    }

    private sealed class Comparison(string attribute, string op, string? value) : ScimFilter
    {
        // Parsed once, so a bad time fails the request even when no user is compared.
        private readonly DateTimeOffset? time = attribute is "meta.created" or "meta.lastmodified" ? ParseTime(value) : null;

        public override bool Matches(IScimAttributes target)
        {
            var any = false;
            foreach (var actual in target.Values(attribute))
            {
                any = true;
                if (op == "pr" || Compare(actual))
                {
                    return true;
                }
            }

            // An absent attribute is "not equal" to any value and matches nothing else.
            return !any && op == "ne";
        }

        private bool Compare(object actual) => actual switch
        {
            bool flag => CompareBoolean(flag),
            DateTimeOffset at => CompareTime(at),
            string text => CompareText(text),
            _ => false,
        };

        private bool CompareBoolean(bool actual)
        {
            var wanted = string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
            return op switch
            {
                "eq" => actual == wanted,
                "ne" => actual != wanted,
                _ => throw new ScimFilterException($"Operator {op} does not apply to the boolean {attribute}."),
            };
        }

        private bool CompareTime(DateTimeOffset actual)
        {
            var wanted = time ?? ParseTime(value);
            return op switch
            {
                "eq" => actual == wanted,
                "ne" => actual != wanted,
                "gt" => actual > wanted,
                "ge" => actual >= wanted,
                "lt" => actual < wanted,
                "le" => actual <= wanted,
                _ => throw new ScimFilterException($"Operator {op} does not apply to {attribute}."),
            };
        }

        private bool CompareText(string text)
        {
            if (value is null)
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
            else if (c is '(' or ')' or '[' or ']')
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
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or '[' or ']' or '"'))
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
        private bool insideValuePath;

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
                Expect(")");
                return inner;
            }

            var attribute = AttributeName(token.Text);
            if (position < tokens.Count && tokens[position] is { Text: "[", Quoted: false })
            {
                if (insideValuePath)
                {
                    throw new ScimFilterException("Value filters ([...]) do not nest.");
                }

                position++;
                insideValuePath = true;
                var inner = ParseOr();
                insideValuePath = false;
                Expect("]");
                return new ValuePath(attribute, inner);
            }

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

        private void Expect(string closing)
        {
            if (Next($"'{closing}'") is not { Quoted: false } token || token.Text != closing)
            {
                throw new ScimFilterException($"Missing '{closing}' in filter.");
            }
        }

        private bool IsKeyword(string keyword) =>
            position < tokens.Count && !tokens[position].Quoted && string.Equals(tokens[position].Text, keyword, StringComparison.OrdinalIgnoreCase);

        private Token Next(string expected) =>
            position < tokens.Count ? tokens[position++] : throw new ScimFilterException($"Filter ended where {expected} was expected.");
    }
}
