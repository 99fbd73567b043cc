namespace ProfileEngine.WebexSimulator;

/// <summary>A token pair as <c>/v1/access_token</c> returns it (lifetimes in seconds).</summary>
public sealed record IssuedToken(string AccessToken, string RefreshToken, long ExpiresIn, long RefreshTokenExpiresIn);
