using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ProfileEngine.Connectors.Scim.Client;

namespace ProfileEngine.Connectors.Scim.Connections;

/// <summary>
/// Buys an access token with the OAuth 2.0 client credentials grant (RFC 6749 §4.4), the client authenticating with
/// HTTP Basic (§2.3.1). Client-credentials tokens come without a refresh token: a new one is bought when it expires.
/// </summary>
public sealed class ScimTokenBuyer(IHttpClientFactory httpClients, TimeProvider clock)
{
    public async Task<VendorTokens> BuyAsync(Uri tokenUrl, string clientId, string clientSecret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenUrl);
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUrl)
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(clientSecret)}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(ScimConnectorServiceCollectionExtensions.HttpClientName).SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new ScimCallException(null, "POST", tokenUrl.AbsolutePath, $"no answer from the token URL ({e.Message})", null, e);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            string? Read(JsonElement root, string name) =>
                root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            JsonElement body;
            try
            {
                body = JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement.Clone();
            }
            catch (JsonException)
            {
                body = default;
            }

            if (!response.IsSuccessStatusCode)
            {
                // RFC 6749 §5.2: error and error_description.
                var error = Read(body, "error") ?? response.ReasonPhrase ?? "refused";
                var description = Read(body, "error_description");
                throw new ScimCallException(response.StatusCode, "POST", tokenUrl.AbsolutePath, description is null ? error : $"{error}: {description}", Read(body, "error"));
            }

            var token = Read(body, "access_token")
                ?? throw new ScimCallException(response.StatusCode, "POST", tokenUrl.AbsolutePath, "the token answer has no access_token", null);
            var expiresIn = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("expires_in", out var e) && e.TryGetInt64(out var seconds) ? seconds : (long?)null;
            return new VendorTokens(token, expiresIn is { } s ? clock.GetUtcNow().AddSeconds(s) : null, null, null);
        }
    }
}
