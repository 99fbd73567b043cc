using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace ProfileEngine.Notifications;

/// <summary>Seals and opens the tokens of Keep/Remove links, and builds the link a holder receives.</summary>
public sealed class HolderNoticeLinks(IDataProtectionProvider provider, IOptions<NoticeOptions> options)
{
    public const string AnswerPath = "/answer/";

    private readonly IDataProtector _protector = provider.CreateProtector("ProfileEngine.Notifications.HolderLinks.v1");

    public string Seal(Guid linkId) => WebEncoders(_protector.Protect(linkId.ToByteArray()));

    /// <summary>The link id in a token, or null when the token was not made here (altered, truncated, another key ring).</summary>
    public Guid? Open(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 1000)
        {
            return null;
        }

        try
        {
            var bytes = _protector.Unprotect(FromWeb(token));
            return bytes.Length == 16 ? new Guid(bytes) : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }

    public string UrlFor(string token) => options.Value.PublicBaseUrl.TrimEnd('/') + AnswerPath + token;

    private static string WebEncoders(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromWeb(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }
}
